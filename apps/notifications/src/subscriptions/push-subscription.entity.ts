/** A browser's Web Push subscription (RFC 8030 endpoint + RFC 8291 keys), owned by one user. */
export interface PushSubscriptionRecord {
  id: string;
  userId: string;
  endpoint: string;
  /** The browser's P-256 public key and auth secret, base64url. */
  p256dh: string;
  auth: string;
  userAgent: string | null;
  createdAt: Date;
  lastSuccessAt: Date | null;
}
