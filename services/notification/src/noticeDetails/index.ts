export {
  createNoticeDetails,
  noticeDetailsPortOf,
  type NoticeDetailsOptions,
} from './noticeDetails.ts';
export { adoptNoticeDetailsFromEnrollment } from './fromEnrollment.ts';
