import { Payload } from '@nestjs/microservices';
import {
  ProfilesByIdsQuery,
  SearchUsersQuery,
  SessionCommand,
  SetAvatarCommand,
  TargetUserCommand,
  UpdateProfileCommand,
  USERS_SUBJECTS,
} from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { ProfilesService } from './profiles.service.js';

@RpcController()
export class ProfilesHandler {
  constructor(private readonly profiles: ProfilesService) {}

  @RpcHandler(USERS_SUBJECTS.getProfile)
  getProfile(@Payload() cmd: SessionCommand) {
    return this.profiles.getProfile(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.updateProfile)
  updateProfile(@Payload() cmd: UpdateProfileCommand) {
    return this.profiles.updateProfile(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.setAvatar)
  setAvatar(@Payload() cmd: SetAvatarCommand) {
    return this.profiles.setAvatar(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.getUser)
  getUser(@Payload() cmd: TargetUserCommand) {
    return this.profiles.getUser(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.search)
  search(@Payload() query: SearchUsersQuery) {
    return this.profiles.search(query);
  }

  @RpcHandler(USERS_SUBJECTS.profilesByIds)
  profilesByIds(@Payload() query: ProfilesByIdsQuery) {
    return this.profiles.profilesByIds(query);
  }
}
