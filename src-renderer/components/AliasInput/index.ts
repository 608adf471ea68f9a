export { AliasInput, type AliasInputProps } from './AliasInput';
