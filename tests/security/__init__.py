"""Issue 12's attacks, replayed through the real HTTP API of the central store and refused.

Someone holds one kiosk's device token and nothing else. Each file replays one attack (harvest,
undo, pins, bad_events, headers, cli) on SQLite and on PostgreSQL and asserts the contract's
refusal, so these tests fail until the contract is built.
"""
