export { KeySelect, type KeySelectProps } from './KeySelect';
