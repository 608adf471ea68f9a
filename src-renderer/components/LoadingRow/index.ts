export { LoadingRow } from './LoadingRow';
