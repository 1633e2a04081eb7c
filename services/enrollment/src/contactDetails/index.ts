export {
  createNoticeDetails,
  type NoticeDetailsApi,
  type NoticeDetailsOptions,
} from './noticeDetails.ts';
export {
  noticeDetailsDecider,
  noticeDetailsDigest,
  noticeDetailsStreamOf,
  type ChangeNoticeDetails,
  type ConfirmNoticeDetails,
  type NoticeDetailsCommand,
  type NoticeDetailsEvent,
  type NoticeDetailsState,
} from './noticeDetailsDecider.ts';
export {
  MAX_EMAIL_LENGTH,
  noticeChannelSchema,
  noticeDetailsConfirmationSchema,
  noticeDetailsInputSchema,
  noticeDetailsViewSchema,
  noticeEmailSchema,
  noticePhoneSchema,
  type NoticeChannel,
  type NoticeDetailsInput,
  type NoticeDetailsView,
} from './noticeDetailsInput.ts';
export { ensureNoticeDetailsSchema } from './noticeDetailsTable.ts';
