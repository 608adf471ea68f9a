import { describe, expect, it } from 'vitest';
import { awsConfigureLines, endpointUrlOf, envLines } from './endpointSnippets';

const base = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:4599' };

describe('endpoint snippets', () => {
  it('env lines carry the secret only when given', () => {
    expect(envLines({ ...base, secretAccessKey: 'S3CRET' })).toContain('export AWS_SECRET_ACCESS_KEY=S3CRET');
    const later = envLines(base);
    expect(later).toContain('AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE');
    expect(later).toContain('AWS_REGION=eu-west-1');
    expect(later).toContain('AWS_ENDPOINT_URL_KMS=http://127.0.0.1:4599');
    expect(later).toContain('<the secret shown when the key was created>');
  });

  it('aws configure lines use a profile and set the endpoint', () => {
    const lines = awsConfigureLines({ ...base, profile: 'p' });
    expect(lines).toContain('aws configure set endpoint_url http://127.0.0.1:4599 --profile p');
    expect(lines).toContain('aws configure set region eu-west-1 --profile p');
  });

  it('the URL falls back to the configured port', () => {
    expect(endpointUrlOf({ Port: 5000 })).toBe('http://127.0.0.1:5000');
    expect(endpointUrlOf({ Port: 5000, Url: 'http://127.0.0.1:6000' })).toBe('http://127.0.0.1:6000');
  });
});
