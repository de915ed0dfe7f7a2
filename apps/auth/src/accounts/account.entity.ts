export interface Account {
  id: string;
  username: string;
  email: string;
  passwordHash: string;
  roles: string[];
  disabled: boolean;
  emailVerified: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}
