import type { WrongChange } from './reconstructEnrollment.ts';

/** The wrong changes of one kind: which way, why, by which rules and trigger. */
export interface CauseSummary {
  change: 'enrolled' | 'unenrolled';
  cause: string;
  ruleVersion: string | null;
  trigger: string;
  subjects: number;
}

/** What an authority sent to the people wrongly enrolled or unenrolled, while they were so. */
export interface AuthoritySummary {
  senderId: string;
  /** Delivered digitally to someone wrongly enrolled (the 393 of 2023). */
  toWronglyEnrolled: string[];
  /** Sent on paper to someone wrongly unenrolled. */
  onPaperForWronglyUnenrolled: string[];
}

const causeKey = ({ recorded }: WrongChange) =>
  [recorded.change, recorded.cause, recorded.ruleVersion, recorded.trigger].join('\u0000');

export const enrollmentSummariesOf = (wrong: readonly WrongChange[]) => {
  const causes = new Map<string, CauseSummary>();
  for (const item of wrong) {
    const { change, cause, ruleVersion, trigger } = item.recorded;
    const summary = causes.get(causeKey(item)) ?? {
      change,
      cause,
      ruleVersion,
      trigger,
      subjects: 0,
    };
    summary.subjects += 1;
    causes.set(causeKey(item), summary);
  }
  const authorities = new Map<string, AuthoritySummary>();
  for (const { recorded, letters } of wrong) {
    for (const letter of letters) {
      const summary = authorities.get(letter.senderId) ?? {
        senderId: letter.senderId,
        toWronglyEnrolled: [],
        onPaperForWronglyUnenrolled: [],
      };
      const list =
        recorded.change === 'enrolled'
          ? summary.toWronglyEnrolled
          : summary.onPaperForWronglyUnenrolled;
      list.push(letter.messageId);
      authorities.set(letter.senderId, summary);
    }
  }
  return {
    byCause: [...causes.values()].sort((a, b) => b.subjects - a.subjects),
    byAuthority: [...authorities.values()].sort((a, b) => a.senderId.localeCompare(b.senderId)),
  };
};
