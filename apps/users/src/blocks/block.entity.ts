export interface Block {
  blockerId: string;
  blockedId: string;
  createdAt: Date;
}
