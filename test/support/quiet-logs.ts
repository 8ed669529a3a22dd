// Application logs in tests from warnings up (set LOG_LEVEL to see more).
process.env.LOG_LEVEL ??= 'warn';
