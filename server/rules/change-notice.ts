import { workingDaysBetween } from './working-days.ts';

/** The guidelines: a certificate or CA change is announced at least 5 working days ahead. */
const MIN_NOTICE_WORKING_DAYS = 5;

interface ChangeNotice {
  /** Working days between the announcement and the change. */
  noticeWorkingDays: number;
  /** Under the guidelines' notice: the partner is warned at once, whatever the new certificate's CA. */
  lateNotice: boolean;
}

/** How much notice an announced change gave. Pure: both dates are the caller's. */
export function changeNotice(announcedAt: number, changeAt: number): ChangeNotice {
  const noticeWorkingDays = workingDaysBetween(new Date(announcedAt), new Date(changeAt));
  return { noticeWorkingDays, lateNotice: noticeWorkingDays < MIN_NOTICE_WORKING_DAYS };
}

/** The sentence a late announcement shows its partner (upload answer and certificates page). */
export function lateNoticeWarning(notice: ChangeNotice): string | undefined {
  return notice.lateNotice
    ? `The change is in ${notice.noticeWorkingDays} working day(s): the guidelines ask for at least ${MIN_NOTICE_WORKING_DAYS}. Your service may be interrupted if the new certificate is not approved in time.`
    : undefined;
}
