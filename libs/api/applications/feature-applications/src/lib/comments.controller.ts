import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authorize, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type { SectionCommentDto } from '@dahe/shared/contracts';
import { CommentsService } from './comments.service';
import { CreateCommentDto } from './dto/applications.dto';

@ApiTags('comments')
@Controller('applications/:id/sections/:key/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Authorize('read', 'Application')
  @Get()
  list(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('key') key: string): Promise<SectionCommentDto[]> {
    return this.comments.list(identity, id, key);
  }

  @Authorize('read', 'Application')
  @Post()
  add(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('key') key: string, @Body() body: CreateCommentDto): Promise<SectionCommentDto> {
    return this.comments.add(identity, id, key, body);
  }

  @Authorize('read', 'Application')
  @Post(':commentId/resolve')
  @HttpCode(200)
  resolve(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('key') key: string, @Param('commentId', ParseUUIDPipe) commentId: string): Promise<SectionCommentDto[]> {
    return this.comments.setResolved(identity, id, key, commentId, true);
  }

  @Authorize('read', 'Application')
  @Post(':commentId/reopen')
  @HttpCode(200)
  reopen(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Param('key') key: string, @Param('commentId', ParseUUIDPipe) commentId: string): Promise<SectionCommentDto[]> {
    return this.comments.setResolved(identity, id, key, commentId, false);
  }
}
