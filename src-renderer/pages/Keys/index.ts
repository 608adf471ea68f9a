export { KeysPage } from './KeysPage';
