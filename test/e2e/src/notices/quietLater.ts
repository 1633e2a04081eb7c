/**
 * An SMS quiet period that begins two hours from now in Copenhagen, for tests that must see an
 * SMS go at whatever time they run (by default none goes between 22:00 and 07:00).
 */
export const quietLater = () => {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Copenhagen',
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(new Date()),
  );
  const at = (hours: number) => `${String((hour + hours) % 24).padStart(2, '0')}:00`;
  return { from: at(2), until: at(3), timeZone: 'Europe/Copenhagen' };
};
