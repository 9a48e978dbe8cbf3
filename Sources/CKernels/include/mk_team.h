// A team of threads for loops too short for Dispatch (MKCore's WorkerTeam): the minibatch
// learner runs two parallel passes a batch, ~100 µs each, and waking a pool's thread through
// the kernel costs tens of µs on a VM, so with Dispatch the second core idled half the time.
// Members wait for work spinning for a while, then asleep on a futex; member m of a run always
// runs on the same thread, so the data it owns stays in that core's cache. Not API.
#ifndef MK_TEAM_H
#define MK_TEAM_H

typedef struct mk_team mk_team;

// A team of `members` (≥ 1): the caller of mk_team_run is member 0, members − 1 threads are
// started here. `spin` is how many polls (a pause instruction each, some tens of ns, and a
// sched_yield every 64) a member
// waits for work, or the caller for the others to finish, before sleeping. Returns NULL when a
// thread cannot be started (nothing is left running).
mk_team *mk_team_create(int members, long spin);

// Stops and joins the threads and frees the team. No run may be in progress.
void mk_team_destroy(mk_team *team);

// Runs task(context, slot) once for each slot in 0 ..< slots (1 ≤ slots ≤ 32) and returns when
// all have returned; what they wrote is then visible to the caller. Member m takes the slots
// m, m + members, … first, so a slot's data stays on one core from run to run; a member that
// has none left takes any other, so the caller alone finishes a run whose other members are
// late (asleep, or descheduled on a busy machine) and no run waits for a thread to wake.
// Which thread ran a slot is all that varies: the results must not depend on it. One run at a
// time: a team is used by one thread.
void mk_team_run(mk_team *team, void (*task)(void *context, int slot), void *context, int slots);

int mk_team_members(const mk_team *team);

#endif
