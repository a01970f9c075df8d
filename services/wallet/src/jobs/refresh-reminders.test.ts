import { reminderThreshold } from './refresh-reminders.js';

describe('reminderThreshold', () => {
  it.each([
    [90, null],
    [61, null],
    [60, 60],
    [45, 60],
    [30, 30],
    [1, 30],
    [0, 0],
    [-30, 0],
    [-31, null],
  ])('%i days left → %s', (daysLeft, expected) => {
    expect(reminderThreshold(daysLeft)).toBe(expected);
  });
});
