export { VaultGate, passphraseErrors } from './VaultGate';
