"""Daily takeaways: per-channel schedules in local time, posted once per day by the core.

`schedule` decides when (pure functions over zones and daylight saving), `store` makes each
day's post owned by exactly one claimant in the database, `scheduler` is the background
service that waits on the injected clock and posts through each platform's Outbound, and
`render` is what the post looks like.
"""
