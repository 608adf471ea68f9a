export { SmallTable, type SmallTableProps } from './SmallTable';
