import { Payload } from '@nestjs/microservices';
import { CHAT_SUBJECTS, PinCommand, PinsCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { PinsService } from './pins.service.js';

@RpcController()
export class PinsHandler {
  constructor(private readonly pins: PinsService) {}

  @RpcHandler(CHAT_SUBJECTS.pin)
  pin(@Payload() cmd: PinCommand) {
    return this.pins.pin(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.unpin)
  unpin(@Payload() cmd: PinCommand) {
    return this.pins.unpin(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.listPins)
  list(@Payload() cmd: PinsCommand) {
    return this.pins.list(cmd);
  }
}
