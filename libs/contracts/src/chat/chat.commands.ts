import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { PAGE_LIMIT_MAX } from '../common/paging.js';
import { Caller, CallerField } from '../common/session-ref.dto.js';
import {
  AddMemberBody,
  CreateRoomBody,
  EditMessageBody,
  EventsQuery,
  MarkReadBody,
  NotificationLevelBody,
  MessagesQuery,
  ChatIdRef,
  ChatPageQuery,
  PostMessageBody,
  ReactionEmoji,
  ReactionsQuery,
  RoomsQuery,
  SearchQuery,
  SendBody,
  SeqPageQuery,
} from './chat.dto.js';

// NATS commands: the HTTP fields plus the caller (from the verified token) and path ids.
// Each is validated again by the chat service. Ids that name stored things are opaque strings (ChatIdRef):
// a malformed one is simply not found (404).


export class SendDirectCommand extends SendBody {
  @CallerField() caller: Caller;
}

export class PostMessageCommand extends PostMessageBody {
  @CallerField() caller: Caller;
  @ChatIdRef() conversationId: string;
}

/** GET /messages (with= or conversationId=) and the conversation/room aliases (conversationId from the path). */
export class HistoryCommand extends MessagesQuery {
  @CallerField() caller: Caller;
}

export class EditMessageCommand extends EditMessageBody {
  @CallerField() caller: Caller;
  @ChatIdRef() messageId: string;
}

export class DeleteMessageCommand {
  @CallerField() caller: Caller;
  @ChatIdRef() messageId: string;
}

export class ListConversationsCommand extends ChatPageQuery {
  @CallerField() caller: Caller;
}

export class ConversationCommand {
  @CallerField() caller: Caller;
  @ChatIdRef() conversationId: string;
}

export class MarkReadCommand extends MarkReadBody {
  @CallerField() caller: Caller;
  @ChatIdRef() conversationId: string;
}

export class EventsCommand extends EventsQuery {
  @CallerField() caller: Caller;
  @ChatIdRef() conversationId: string;
}

/** The socket `typing` event: ephemeral, relayed to the other members only. */
export class TypingCommand {
  @CallerField() caller: Caller;
  @ChatIdRef() conversationId: string;
  @IsBoolean() isTyping: boolean;
}

export class SyncPosition {
  @ChatIdRef() conversationId: string;
  @IsInt() @Min(0) after: number;
}

export class SyncCommand {
  @CallerField() caller: Caller;

  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => SyncPosition)
  conversations: SyncPosition[];

  /** Upper bound on events in the answer (default 100). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PAGE_LIMIT_MAX * 10)
  limit?: number;
}

export class ListRoomsCommand extends RoomsQuery {
  @CallerField() caller: Caller;
}

export class CreateRoomCommand extends CreateRoomBody {
  @CallerField() caller: Caller;
}

export class RoomCommand {
  @CallerField() caller: Caller;
  @ChatIdRef() roomId: string;
}

export class AddMemberCommand extends AddMemberBody {
  @CallerField() caller: Caller;
  @ChatIdRef() roomId: string;
}

export class RemoveMemberCommand {
  @CallerField() caller: Caller;
  @ChatIdRef() roomId: string;
  @ChatIdRef() userId: string;
}

export class SearchCommand extends SearchQuery {
  @CallerField() caller: Caller;
}

/** PUT and DELETE /messages/:id/reactions/:emoji, and the socket reaction:add / reaction:remove. */
export class ReactCommand {
  @CallerField() caller: Caller;
  @ChatIdRef() messageId: string;
  @ReactionEmoji() emoji: string;
}

/** PUT and DELETE /messages/:id/pin. */
export class PinCommand {
  @CallerField() caller: Caller;
  @ChatIdRef() messageId: string;
}

export class PinsCommand extends ChatPageQuery {
  @CallerField() caller: Caller;
  @ChatIdRef() conversationId: string;
}

export class ReactionsCommand extends ReactionsQuery {
  @CallerField() caller: Caller;
  @ChatIdRef() messageId: string;
}

/** PUT /conversations/:id/notifications. */
export class SetNotificationLevelCommand extends NotificationLevelBody {
  @CallerField() caller: Caller;
  @ChatIdRef() conversationId: string;
}

/** Service to service (the notifications service): who should hear about a stored message. No caller: not a user route. */
export class MessageAudienceQuery {
  @ChatIdRef() messageId: string;
}

/** GET /mentions: messages that mention the caller, newest first. */
export class MentionsCommand extends ChatPageQuery {
  @CallerField() caller: Caller;
}

/** GET /messages/:id/thread: the replies of a thread root, paged like history. */
export class ThreadCommand extends SeqPageQuery {
  @CallerField() caller: Caller;
  @ChatIdRef() messageId: string;
}
