"""Writes of the attendance context, one module per sub-domain. Each: permission → state → write → audit, in one
transaction.

- devices: machines and machine-user → employee mappings
- imports: see ``pamong.attendance.imports`` (punch files, row report, background job)
- schedules: settings, working hours, Ramadan periods
- days: the derivation of each day's status (``recompute``), manual days
- duties: dinas luar / surat tugas
- corrections: excuse requests through the approval engine (flow "attendance_correction")
- months: verification by the officer and closing by the unit head
- alerts: early warnings before each absence threshold
"""
