import { Payload } from '@nestjs/microservices';
import { CallCommand, CallSignalCommand, CHAT_SUBJECTS, StartCallCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { CallsService } from './calls.service.js';

@RpcController()
export class CallsHandler {
  constructor(private readonly calls: CallsService) {}

  @RpcHandler(CHAT_SUBJECTS.startCall)
  start(@Payload() cmd: StartCallCommand) {
    return this.calls.start(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.acceptCall)
  accept(@Payload() cmd: CallCommand) {
    return this.calls.accept(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.declineCall)
  decline(@Payload() cmd: CallCommand) {
    return this.calls.decline(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.hangupCall)
  hangup(@Payload() cmd: CallCommand) {
    return this.calls.hangup(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.signalCall)
  signal(@Payload() cmd: CallSignalCommand) {
    return this.calls.signal(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.callSocketGone)
  socketGone(@Payload() cmd: CallCommand) {
    return this.calls.socketGone(cmd);
  }
}
