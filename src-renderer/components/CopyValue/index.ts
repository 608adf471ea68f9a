export { CopyValue, type CopyValueProps } from './CopyValue';
