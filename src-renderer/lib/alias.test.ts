import { describe, expect, it } from 'vitest';
import { aliasError, fullAliasName } from './alias';

describe('alias names', () => {
  it('adds the alias/ prefix unless already typed', () => {
    expect(fullAliasName('payroll')).toBe('alias/payroll');
    expect(fullAliasName('alias/payroll')).toBe('alias/payroll');
    expect(fullAliasName('  app/db ')).toBe('alias/app/db');
  });
  it('accepts the KMS character set', () => {
    expect(aliasError('team-a/app_1-prod')).toBeNull();
    // KMS answers alias/Service:Test with "contains invalid characters for an alias" (hashicorp/terraform-provider-aws#12891).
    expect(aliasError('Service:Test')).toMatch(/letters, digits/);
  });
  it('rejects empty names, other characters and the reserved alias/aws/ prefix', () => {
    expect(aliasError('')).toBe('Enter a name after alias/');
    expect(aliasError('has space')).toMatch(/letters, digits/);
    expect(aliasError('ünïcode')).toMatch(/letters, digits/);
    expect(aliasError('aws/s3')).toMatch(/reserved/);
    expect(aliasError('alias/aws/s3')).toMatch(/reserved/);
  });
  it('rejects names over 256 characters including alias/', () => {
    expect(aliasError('a'.repeat(250))).toBeNull(); // alias/ + 250 = 256
    expect(aliasError('a'.repeat(251))).toMatch(/256/);
  });
});
