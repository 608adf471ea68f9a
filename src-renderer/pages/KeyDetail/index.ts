export { KeyDetailPage } from './KeyDetailPage';
