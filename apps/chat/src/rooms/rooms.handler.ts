import { Payload } from '@nestjs/microservices';
import { AddMemberCommand, CHAT_SUBJECTS, CreateRoomCommand, ListRoomsCommand, RemoveMemberCommand, RoomCommand } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { RoomsService } from './rooms.service.js';

@RpcController()
export class RoomsHandler {
  constructor(private readonly rooms: RoomsService) {}

  @RpcHandler(CHAT_SUBJECTS.listRooms)
  list(@Payload() cmd: ListRoomsCommand) {
    return this.rooms.list(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.createRoom)
  create(@Payload() cmd: CreateRoomCommand) {
    return this.rooms.create(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.getRoom)
  get(@Payload() cmd: RoomCommand) {
    return this.rooms.get(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.joinRoom)
  join(@Payload() cmd: RoomCommand) {
    return this.rooms.join(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.leaveRoom)
  leave(@Payload() cmd: RoomCommand) {
    return this.rooms.leave(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.addMember)
  addMember(@Payload() cmd: AddMemberCommand) {
    return this.rooms.addMember(cmd);
  }

  @RpcHandler(CHAT_SUBJECTS.removeMember)
  removeMember(@Payload() cmd: RemoveMemberCommand) {
    return this.rooms.removeMember(cmd);
  }
}
