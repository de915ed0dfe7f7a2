import { ServiceEnv } from '#common';

export class ChatEnv extends ServiceEnv {
  override PORT: number = 3003;
}
