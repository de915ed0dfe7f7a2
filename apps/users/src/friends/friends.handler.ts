import { Payload } from '@nestjs/microservices';
import { CallerPageQuery, FriendCommand, SessionCommand, TargetUserCommand, USERS_SUBJECTS } from '#contracts';
import { RpcController, RpcHandler } from '#common';
import { FriendsService } from './friends.service.js';

@RpcController()
export class FriendsHandler {
  constructor(private readonly friends: FriendsService) {}

  @RpcHandler(USERS_SUBJECTS.listFriends)
  list(@Payload() query: CallerPageQuery) {
    return this.friends.list(query);
  }

  @RpcHandler(USERS_SUBJECTS.requestFriend)
  request(@Payload() cmd: FriendCommand) {
    return this.friends.request(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.listFriendRequests)
  requests(@Payload() cmd: SessionCommand) {
    return this.friends.requests(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.acceptFriend)
  accept(@Payload() cmd: TargetUserCommand) {
    return this.friends.accept(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.declineFriend)
  decline(@Payload() cmd: TargetUserCommand) {
    return this.friends.decline(cmd);
  }

  @RpcHandler(USERS_SUBJECTS.removeFriend)
  remove(@Payload() cmd: FriendCommand) {
    return this.friends.remove(cmd);
  }
}
