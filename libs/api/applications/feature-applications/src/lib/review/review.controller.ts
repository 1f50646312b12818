import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authorize, ClientIp, CurrentIdentity, type RequestIdentity } from '@dahe/api/core/util-auth';
import type {
  AssignResponse,
  ConflictDto,
  DecisionsResponse,
  ExpertDto,
  PublishResultsResponse,
  ReviewProgressDto,
  ReviewSettingsDto,
  ReviewSheetDto,
  ReviewTaskDto,
} from '@dahe/shared/contracts';
import { AssignRequestDto, ConflictRequestDto, DecisionsRequestDto, ReviewSettingsRequestDto, SaveScoresRequestDto } from './dto/review.dto';
import { DecisionsService } from './decisions.service';
import { ExpertReviewService } from './expert-review.service';
import { ReviewSetupService } from './review-setup.service';

/** The province runs a call's expert review: rubric, experts, conflicts, assignments, progress. */
@ApiTags('review')
@Controller('calls')
export class ReviewSetupController {
  constructor(private readonly review: ReviewSetupService) {}

  @Authorize('read', 'Review')
  @Get(':id/review')
  settings(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<ReviewSettingsDto> {
    return this.review.settings(identity, id);
  }

  @Authorize('update', 'Review')
  @Put(':id/review')
  updateSettings(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Body() body: ReviewSettingsRequestDto): Promise<ReviewSettingsDto> {
    return this.review.updateSettings(identity, id, body);
  }

  @Authorize('read', 'Review')
  @Get(':id/review/experts')
  experts(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<ExpertDto[]> {
    return this.review.experts(identity, id);
  }

  /** For an expert declaring a conflict: schools by name (experts cannot list applications). */
  @Authorize('read', 'Review')
  @Get(':id/review/schools')
  @ApiQuery({ name: 'q', required: false })
  schools(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Query('q') q?: string): Promise<{ id: string; name: string }[]> {
    return this.review.schools(identity, id, typeof q === 'string' ? q.slice(0, 100) : '');
  }

  @Authorize('score', 'Review')
  @Post(':id/review/conflicts')
  declareConflict(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Body() body: ConflictRequestDto, @ClientIp() ip: string | undefined): Promise<ConflictDto> {
    return this.review.declareConflict(identity, id, body, ip);
  }

  @Authorize('read', 'Review')
  @Get(':id/review/conflicts')
  conflicts(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<ConflictDto[]> {
    return this.review.conflicts(identity, id);
  }

  @Authorize('update', 'Review')
  @Post(':id/review/assignments')
  @HttpCode(200)
  assign(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Body() body: AssignRequestDto, @ClientIp() ip: string | undefined): Promise<AssignResponse> {
    return this.review.assign(identity, id, body, ip);
  }

  @Authorize('update', 'Review')
  @Delete(':id/review/assignments/:applicationId/:expertId')
  @HttpCode(204)
  unassign(
    @CurrentIdentity() identity: RequestIdentity,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('applicationId', ParseUUIDPipe) applicationId: string,
    @Param('expertId', ParseUUIDPipe) expertId: string,
  ): Promise<void> {
    return this.review.unassign(identity, id, applicationId, expertId);
  }

  @Authorize('read', 'Review')
  @Get(':id/review/progress')
  progress(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string): Promise<ReviewProgressDto> {
    return this.review.progress(identity, id);
  }
}

/** Decisions (立项) and their publication. */
@ApiTags('review')
@Controller('calls')
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Authorize('update', 'Review')
  @Post(':id/decisions')
  @HttpCode(200)
  record(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @Body() body: DecisionsRequestDto, @ClientIp() ip: string | undefined): Promise<DecisionsResponse> {
    return this.decisions.record(identity, id, body, ip);
  }

  @Authorize('publish', 'Call')
  @Post(':id/publish-results')
  @HttpCode(200)
  publish(@CurrentIdentity() identity: RequestIdentity, @Param('id', ParseUUIDPipe) id: string, @ClientIp() ip: string | undefined): Promise<PublishResultsResponse> {
    return this.decisions.publish(identity, id, ip);
  }
}

/** An expert's own reviews. */
@ApiTags('review')
@Controller('reviews')
export class ExpertReviewController {
  constructor(private readonly reviews: ExpertReviewService) {}

  @Authorize('score', 'Review')
  @Get()
  tasks(@CurrentIdentity() identity: RequestIdentity): Promise<ReviewTaskDto[]> {
    return this.reviews.tasks(identity);
  }

  @Authorize('score', 'Review')
  @Get(':applicationId')
  sheet(@CurrentIdentity() identity: RequestIdentity, @Param('applicationId', ParseUUIDPipe) applicationId: string): Promise<ReviewSheetDto> {
    return this.reviews.sheet(identity, applicationId);
  }

  @Authorize('score', 'Review')
  @Put(':applicationId')
  save(@CurrentIdentity() identity: RequestIdentity, @Param('applicationId', ParseUUIDPipe) applicationId: string, @Body() body: SaveScoresRequestDto): Promise<ReviewSheetDto> {
    return this.reviews.save(identity, applicationId, body);
  }

  @Authorize('score', 'Review')
  @Post(':applicationId/submit')
  @HttpCode(200)
  submit(@CurrentIdentity() identity: RequestIdentity, @Param('applicationId', ParseUUIDPipe) applicationId: string, @ClientIp() ip: string | undefined): Promise<ReviewSheetDto> {
    return this.reviews.submit(identity, applicationId, ip);
  }
}
