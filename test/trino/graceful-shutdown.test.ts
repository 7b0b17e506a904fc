import { Duration } from 'aws-cdk-lib';
import { GracefulShutdownBudget } from '../../src/trino';

const s = Duration.seconds;

describe('the graceful shutdown budget', () => {
  // grace, longest task, margin (seconds) -> terminationGracePeriodSeconds, fits the 2-minute spot notice
  test.each([
    [30, 300, 30, 390, false], // the defaults
    [10, 60, 20, 100, true],
    [20, 60, 20, 120, true], // exactly the notice
    [20, 61, 20, 121, false],
    [30, 0, 30, 90, true],
    [120, 300, 30, 570, false], // the chart's default grace period
  ])('grace %is + longest task %is + margin %is -> %is (fits spot: %p)', (grace, task, margin, termination, fits) => {
    const budget = GracefulShutdownBudget.compute({ gracePeriod: s(grace), longestTask: s(task), margin: s(margin) });
    expect(budget.terminationGracePeriodSeconds).toBe(termination);
    expect(budget.terminationGracePeriod.toSeconds()).toBe(termination);
    expect(budget.fitsSpotInterruptionNotice).toBe(fits);
    expect(budget.spotInterruptionWarning === undefined).toBe(fits);
    expect(budget.shutdownGracePeriodProperty).toBe(`${grace}s`);
  });

  test('defaults to a 30 s grace period, 5 min longest task and 30 s margin', () => {
    const budget = GracefulShutdownBudget.compute();
    expect([budget.gracePeriod.toSeconds(), budget.longestTask.toSeconds(), budget.margin.toSeconds()]).toEqual([30, 300, 30]);
    expect(budget.terminationGracePeriodSeconds).toBe(390);
  });

  test('always holds the chart\'s own rule, terminationGracePeriodSeconds >= 2 x gracePeriodSeconds', () => {
    const budget = GracefulShutdownBudget.compute({ gracePeriod: Duration.minutes(2), longestTask: s(0), margin: s(0) });
    expect(budget.terminationGracePeriodSeconds).toBe(240);
  });

  test('the spot warning says what the budget is made of and what to do', () => {
    expect(GracefulShutdownBudget.compute().spotInterruptionWarning).toBe(
      'GracefulShutdown: the worker shutdown budget (390 seconds: 2 × gracePeriod 30 seconds + longestTask 300 seconds + margin 30 seconds) ' +
      'is longer than the two-minute spot interruption notice, so tasks still running when a spot worker is reclaimed fail with it. ' +
      'Use retryPolicy TASK (with an exchange location) so they are retried, lower longestTask and gracePeriod, or run workers on on-demand capacity.');
  });

  test('keeps a given termination grace period that holds the budget', () => {
    expect(GracefulShutdownBudget.compute({ terminationGracePeriod: Duration.minutes(10) }).terminationGracePeriodSeconds).toBe(600);
  });
});

describe('the preStop call', () => {
  const budget = GracefulShutdownBudget.compute({ httpPort: 8081 });

  test('is the chart\'s PUT /v1/info/state "SHUTTING_DOWN" as user admin, on localhost', () => {
    expect(budget.shutdownRequest).toEqual({
      method: 'PUT',
      url: 'http://localhost:8081/v1/info/state',
      headers: { 'Content-Type': 'application/json', 'X-Trino-User': 'admin' },
      body: '"SHUTTING_DOWN"',
    });
  });

  test('fails fast when refused and otherwise lasts as long as Trino (PID 1)', () => {
    expect(budget.preStopCommand).toEqual([
      '/bin/sh',
      '-c',
      'curl -fsS -X PUT -H \'Content-Type: application/json\' -H \'X-Trino-User: admin\' -d \'"SHUTTING_DOWN"\' ' +
      'http://localhost:8081/v1/info/state && tail --pid=1 -f /dev/null',
    ]);
  });
});

describe('budgets that cannot hold', () => {
  test('a given termination grace period shorter than the budget names both values', () => {
    expect(() => GracefulShutdownBudget.compute({ terminationGracePeriod: Duration.minutes(5) })).toThrow(
      'GracefulShutdown: terminationGracePeriod ("300 seconds") must hold 2 × gracePeriod (30 seconds) + longestTask (300 seconds) + ' +
      'margin (30 seconds) = 390 seconds, or running tasks are killed; raise terminationGracePeriod or lower gracePeriod or longestTask');
  });

  test('a given termination grace period shorter than two grace periods (the chart\'s rule)', () => {
    expect(() => GracefulShutdownBudget.compute({ gracePeriod: s(60), terminationGracePeriod: s(90) })).toThrow(
      'GracefulShutdown: terminationGracePeriod ("90 seconds") must be at least 2 × gracePeriod (60 seconds) = 120 seconds');
  });

  test('no grace period', () => {
    expect(() => GracefulShutdownBudget.compute({ gracePeriod: s(0) })).toThrow('GracefulShutdown: gracePeriod ("0 seconds") must be at least 1 second');
  });

  test('fractions of a second', () => {
    expect(() => GracefulShutdownBudget.compute({ longestTask: Duration.millis(1500) }))
      .toThrow('GracefulShutdown: longestTask ("1500 ms") must be a whole, non-negative number of seconds');
  });

  test('a port that is not one', () => {
    expect(() => GracefulShutdownBudget.compute({ httpPort: 70000 })).toThrow('GracefulShutdown: httpPort (70000) must be a TCP port');
  });
});
