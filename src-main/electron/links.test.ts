/**
 * Finding: "any https link opens in the system browser". Before, the window handed every
 * https URL to shell.openExternal at once. Now only allow-listed documentation origins may
 * open, and only after the user confirms.
 */
import { describe, expect, it } from 'vitest';
import { createLinkOpener, EXTERNAL_ORIGINS, externalLinkVerdict } from './links.js';

describe('externalLinkVerdict', () => {
  it('asks for https pages on the AWS documentation and pricing origins', () => {
    expect(externalLinkVerdict('https://docs.aws.amazon.com/kms/latest/developerguide/overview.html')).toEqual({
      kind: 'ask', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/overview.html', origin: 'https://docs.aws.amazon.com',
    });
    expect(externalLinkVerdict('https://aws.amazon.com/kms/pricing/')).toMatchObject({ kind: 'ask', origin: 'https://aws.amazon.com' });
    expect(EXTERNAL_ORIGINS.every((o) => o.startsWith('https://'))).toBe(true);
  });

  it.each([
    ['any other https site', 'https://evil.example/'],
    ['a look-alike host', 'https://docs.aws.amazon.com.evil.example/'],
    ['a subdomain not on the list', 'https://x.docs.aws.amazon.com/'],
    ['http on an allowed host', 'http://docs.aws.amazon.com/kms/'],
    ['another port', 'https://docs.aws.amazon.com:8443/kms/'],
    ['credentials in the URL', 'https://user:pw@docs.aws.amazon.com/'],
    ['file://', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['junk', 'not a url'],
    ['an overlong URL', `https://docs.aws.amazon.com/${'a'.repeat(3000)}`],
  ])('denies %s', (_label, url) => {
    expect(externalLinkVerdict(url).kind).toBe('deny');
  });
});

describe('createLinkOpener', () => {
  function fakes(answer: boolean | Error) {
    const asked: string[] = [];
    const opened: string[] = [];
    const denied: string[] = [];
    const open = createLinkOpener({
      confirm: async (url) => {
        asked.push(url);
        if (answer instanceof Error) throw answer;
        return answer;
      },
      openExternal: async (url) => void opened.push(url),
      onDenied: (reason) => void denied.push(reason),
    });
    return { open, asked, opened, denied };
  }

  it('opens an allow-listed page only after the user confirms', async () => {
    const f = fakes(true);
    expect(await f.open('https://docs.aws.amazon.com/kms/')).toBe('opened');
    expect(f.asked).toEqual(['https://docs.aws.amazon.com/kms/']);
    expect(f.opened).toEqual(['https://docs.aws.amazon.com/kms/']);
  });

  it('does not open it when the user cancels, or the dialog fails', async () => {
    const no = fakes(false);
    expect(await no.open('https://docs.aws.amazon.com/kms/')).toBe('declined');
    expect(no.opened).toEqual([]);
    const broken = fakes(new Error('no dialog'));
    expect(await broken.open('https://docs.aws.amazon.com/kms/')).toBe('declined');
    expect(broken.opened).toEqual([]);
  });

  it('never asks about, nor opens, a URL off the list (the finding: any https link opened)', async () => {
    const f = fakes(true);
    expect(await f.open('https://evil.example/phish')).toBe('denied');
    expect(f.asked).toEqual([]);
    expect(f.opened).toEqual([]);
    expect(f.denied).toEqual(["evil.example is not on Keyward's list of documentation sites"]);
  });
});
