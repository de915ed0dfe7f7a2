import { Payload } from '@nestjs/microservices';
import { BlockCheckQuery, CallerPageQuery, TargetUserCommand, USERS_SUBJECTS } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { BlocksService } from './blocks.service.js';

@RpcController()
export class BlocksHandler {
  constructor(private readonly blocks: BlocksService) {}

  @RpcHandler(USERS_SUBJECTS.listBlocks)
  list(@Payload() query: CallerPageQuery) {
    return this.blocks.list(query);
  }

  @RpcHandler(USERS_SUBJECTS.block)
  block(@Payload() cmd: TargetUserCommand) {
    return this.blocks.block(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.unblock)
  unblock(@Payload() cmd: TargetUserCommand) {
    return this.blocks.unblock(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.blockBetween)
  between(@Payload() query: BlockCheckQuery) {
    return this.blocks.between(query);
  }
}
