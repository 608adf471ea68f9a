export { VaultGate } from './VaultGate';
