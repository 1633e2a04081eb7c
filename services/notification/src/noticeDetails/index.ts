export {
  createNoticeDetails,
  noticeDetailsPortOf,
  type NoticeDetailsOptions,
} from './noticeDetails.ts';
export { ensureNoticeDetailsSchema } from './noticeDetailsTable.ts';
