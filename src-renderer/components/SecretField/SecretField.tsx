/**
 * The only text areas and passphrase inputs the renderer uses: plaintexts, passphrases,
 * decrypted output, keys and messages pass through them, so none can be kept by the browser.
 *
 * autocomplete="off" keeps the value out of autofill and out of the form state the browser
 * saves with the session history (MDN "How to turn off form autocompletion": it "stops the
 * browser from caching form data in the session history"), which Chromium writes to its
 * session files. spellcheck="false" keeps it from the spell-check service
 * (MDN "spellcheck"), autocorrect/autocapitalize off from mobile keyboards' dictionaries.
 * Values never go into the URL: the app's routes carry no field data (lib/route.ts).
 */
import { PasswordInput, Textarea, type PasswordInputProps, type TextareaProps } from '@mantine/core';

/** Marks a secret field in the DOM (tests look for it). */
export const SECRET_FIELD_ATTRIBUTE = 'data-secret-field';

/** The props every secret text field carries. */
export const SECRET_FIELD_PROPS = {
  autoComplete: 'off',
  spellCheck: false,
  autoCorrect: 'off',
  autoCapitalize: 'off',
  [SECRET_FIELD_ATTRIBUTE]: 'true',
} as const;

type Fixed = 'autoComplete' | 'spellCheck' | 'autoCorrect' | 'autoCapitalize';

/** A Mantine Textarea that the browser neither autofills nor saves with the session. */
export function SecretTextarea(props: Omit<TextareaProps, Fixed>) {
  return <Textarea {...props} {...SECRET_FIELD_PROPS} />;
}

export interface SecretPasswordInputProps extends Omit<PasswordInputProps, Fixed> {
  /**
   * "new": a passphrase being chosen (autocomplete="new-password", so no saved one is offered);
   * "current": one being entered (autocomplete="off").
   */
  kind: 'new' | 'current';
}

/** A Mantine PasswordInput for a vault passphrase, kept out of autofill and spell-check. */
export function SecretPasswordInput({ kind, ...props }: SecretPasswordInputProps) {
  return <PasswordInput {...props} {...SECRET_FIELD_PROPS} autoComplete={kind === 'new' ? 'new-password' : 'off'} />;
}
