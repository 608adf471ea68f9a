/** Text a user pastes to point AWS tools at Keyward's local KMS endpoint. Pure: no React. */
export interface SnippetInput {
  accessKeyId: string;
  /** Only right after the key was created; never stored. */
  secretAccessKey?: string;
  region: string;
  /** http://127.0.0.1:PORT */
  endpointUrl: string;
  /** AWS CLI profile name for the `aws configure` lines. @default 'keyward' */
  profile?: string;
}

const SECRET_PLACEHOLDER = '<the secret shown when the key was created>';

/** `export` lines for a POSIX shell. AWS_ENDPOINT_URL_KMS needs AWS CLI ≥ 2.13 / SDKs from 2023 on. */
export function envLines(s: SnippetInput): string {
  return [
    `export AWS_ACCESS_KEY_ID=${s.accessKeyId}`,
    s.secretAccessKey !== undefined
      ? `export AWS_SECRET_ACCESS_KEY=${s.secretAccessKey}`
      : `export AWS_SECRET_ACCESS_KEY=${SECRET_PLACEHOLDER}`,
    `export AWS_REGION=${s.region}`,
    `export AWS_ENDPOINT_URL_KMS=${s.endpointUrl}`,
  ].join('\n');
}

/** `aws configure set` lines for a named profile. */
export function awsConfigureLines(s: SnippetInput): string {
  const p = s.profile ?? 'keyward';
  return [
    `aws configure set aws_access_key_id ${s.accessKeyId} --profile ${p}`,
    `aws configure set aws_secret_access_key ${s.secretAccessKey ?? SECRET_PLACEHOLDER} --profile ${p}`,
    `aws configure set region ${s.region} --profile ${p}`,
    `aws configure set endpoint_url ${s.endpointUrl} --profile ${p}`,
    `aws kms list-keys --profile ${p}   # older CLIs: add --endpoint-url ${s.endpointUrl}`,
  ].join('\n');
}

/** The URL the endpoint has or will have. */
export function endpointUrlOf(status: { Url?: string; Port: number }): string {
  return status.Url ?? `http://127.0.0.1:${status.Port}`;
}
