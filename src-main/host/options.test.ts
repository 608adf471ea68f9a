import { describe, expect, it } from 'vitest';
import { parseHostOptions, passphraseFromFileText, UsageError } from './options.js';

describe('parseHostOptions', () => {
  it('has safe defaults', () => {
    const o = parseHostOptions([], {}, '/work');
    expect(o).toEqual({ vaultPath: '/work/.vault-dev/vault.kwv', auditDir: '/work/.vault-dev/audit', port: 0, virtualClock: false, help: false });
  });
  it('reads the environment', () => {
    const o = parseHostOptions([], { KEYWARD_VAULT: '/v/x.kwv', KEYWARD_PORT: '8123', KEYWARD_PASSPHRASE: 'correct horse', KEYWARD_VIRTUAL_CLOCK: '1' }, '/work');
    expect(o).toMatchObject({ vaultPath: '/v/x.kwv', auditDir: '/v/audit', port: 8123, passphrase: 'correct horse', virtualClock: true });
  });
  it('lets flags win over the environment', () => {
    const o = parseHostOptions(['--vault', 'a/b.kwv', '--port', '0', '--virtual-clock', '--passphrase-file', 'pw.txt'], { KEYWARD_VAULT: '/v/x.kwv', KEYWARD_PORT: '8123' }, '/work');
    expect(o).toMatchObject({ vaultPath: '/work/a/b.kwv', port: 0, virtualClock: true, passphraseFile: '/work/pw.txt' });
  });
  it.each([['--port', 'http'], ['--port', '70000'], ['--port', '-1'], ['--nope']])('refuses %s %s', (...args) => {
    expect(() => parseHostOptions(args, {}, '/work')).toThrow(UsageError);
  });
  it('never takes the passphrase as a flag (argv is visible to other users)', () => {
    expect(() => parseHostOptions(['--passphrase', 'x'], {}, '/work')).toThrow(UsageError);
  });
});

describe('passphraseFromFileText', () => {
  it('takes the first line without its ending', () => {
    expect(passphraseFromFileText('secret phrase\n')).toBe('secret phrase');
    expect(passphraseFromFileText('secret phrase\r\nsecond')).toBe('secret phrase');
    expect(passphraseFromFileText(' spaced ')).toBe(' spaced ');
  });
});
