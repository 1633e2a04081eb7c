/** CPR and CVR numbers unique within a test process. */
let counter = 0;

/** A fresh CPR number that is a valid one: DDMMYY of a day in 1950, then a serial. */
export const newCpr = (): string => {
  const n = (counter += 1);
  const day = String(1 + (n % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(n / 28) % 12)).padStart(2, '0');
  return `${day}${month}50${String(Math.floor(n / 336)).padStart(4, '0')}`;
};

export const newCvr = (): string => String(10_000_000 + (counter += 1));
