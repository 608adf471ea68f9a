/**
 * Who made a call, as every transport describes it and the audit record keeps it
 * (CloudTrail userIdentity, sourceIPAddress, userAgent, requestID:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * It sits in platform/ so the service, the audit builder and the transports share one shape
 * without importing each other.
 */
export interface CallerContext {
  /** Which transport carried the call: Electron IPC, the headless host's bridge, or the local KMS endpoint. */
  transport: 'ipc' | 'host' | 'api';
  /** 'keyward-desktop' for IPC, the peer address for HTTP. */
  sourceIPAddress: string;
  userAgent: string;
  /** Set by the local KMS endpoint for SigV4-authenticated calls: the access key id (never its secret). */
  accessKeyId?: string;
  /** The request id the transport already answered with (x-amzn-RequestId); the audit record reuses it. */
  requestId?: string;
}
