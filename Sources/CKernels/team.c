// A team of threads that spin, then sleep, waiting for short parallel runs (mk_team.h).
#include "mk_team.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

// One poll of a wait: a pause, and every 64 polls the core offered to any other runnable
// thread, so that on a busy machine a waiting member does not hold a core another process (or
// the member it waits for) could use; on an idle one sched_yield returns at once.
static inline void wait_a_little(long polls) {
  cpu_relax();
  if ((polls & 63) == 0) sched_yield();
}

typedef void (*team_task)(void *, int);

struct mk_team {
  int members;
  long spin;
  pthread_t *threads;
  struct member_start *starts;
  // The run: its generation in the high 32 bits, the slots claimed so far in the low 32. A
  // member claims a slot by setting its bit, only while the generation is the one it saw, so
  // a member late from a finished run can never take a slot of the next one.
  _Atomic uint64_t state;
  // Set before the generation moves; read by members after they saw it (atomics, since a late
  // member may read them while the next run is being set up: its claim then fails).
  _Atomic(team_task) task;
  _Atomic(void *) context;
  _Atomic int slots;
  _Atomic int completed;  // slots of the current run that have returned
  _Atomic int sleepers;   // members asleep (or about to be) on `work`
  _Atomic int caller_sleeping;
  _Atomic int stop;
  pthread_mutex_t lock;
  pthread_cond_t work;  // the generation moved (or stop)
  pthread_cond_t done;  // completed reached slots
};

struct member_start {
  mk_team *team;
  int member;
};

static inline uint32_t generation_of(uint64_t state) { return (uint32_t)(state >> 32); }

// A slot of generation `gen` not yet claimed, preferring member's own (m, m + members, …);
// -1 when none is left or the run is no longer `gen`.
static int claim(mk_team *t, uint32_t gen, int member) {
  int slots = atomic_load_explicit(&t->slots, memory_order_relaxed);
  uint32_t all = slots >= 32 ? UINT32_MAX : ((1u << slots) - 1);
  uint32_t own = 0;
  for (int s = member; s < slots; s += t->members) own |= 1u << s;
  uint64_t state = atomic_load_explicit(&t->state, memory_order_acquire);
  for (;;) {
    if (generation_of(state) != gen) return -1;
    uint32_t open = all & ~(uint32_t)state;
    if (open == 0) return -1;
    uint32_t pick = (open & own) ? (open & own) : open;
    int slot = __builtin_ctz(pick);
    if (atomic_compare_exchange_weak_explicit(&t->state, &state, state | (1ull << slot), memory_order_acq_rel,
                                              memory_order_acquire))
      return slot;
  }
}

// Runs the slots `member` can claim in run `gen`, then counts them done, waking the caller when
// it sleeps and the run is complete.
static void work_on(mk_team *t, uint32_t gen, int member) {
  int slot;
  while ((slot = claim(t, gen, member)) >= 0) {
    team_task task = atomic_load_explicit(&t->task, memory_order_relaxed);
    task(atomic_load_explicit(&t->context, memory_order_relaxed), slot);
    int finished = atomic_fetch_add(&t->completed, 1) + 1;
    if (finished == atomic_load_explicit(&t->slots, memory_order_relaxed) && atomic_load(&t->caller_sleeping)) {
      pthread_mutex_lock(&t->lock);
      pthread_cond_signal(&t->done);
      pthread_mutex_unlock(&t->lock);
    }
  }
}

static void *member_main(void *arg) {
  struct member_start *start = arg;
  mk_team *t = start->team;
  int member = start->member;
  uint32_t seen = 0;
  for (;;) {
    uint32_t gen;
    long polls = 0;
    while ((gen = generation_of(atomic_load_explicit(&t->state, memory_order_acquire))) == seen) {
      if (++polls < t->spin) {
        wait_a_little(polls);
        continue;
      }
      pthread_mutex_lock(&t->lock);
      atomic_fetch_add(&t->sleepers, 1);
      while (generation_of(atomic_load(&t->state)) == seen) pthread_cond_wait(&t->work, &t->lock);
      atomic_fetch_sub(&t->sleepers, 1);
      pthread_mutex_unlock(&t->lock);
    }
    seen = gen;
    if (atomic_load(&t->stop)) return NULL;
    work_on(t, gen, member);
  }
}

// Moves the generation on (with no slot claimed) and wakes the members that sleep.
static uint32_t advance(mk_team *t) {
  uint32_t gen = generation_of(atomic_load(&t->state)) + 1;
  atomic_store(&t->state, (uint64_t)gen << 32);
  if (atomic_load(&t->sleepers) > 0) {
    pthread_mutex_lock(&t->lock);
    pthread_cond_broadcast(&t->work);
    pthread_mutex_unlock(&t->lock);
  }
  return gen;
}

mk_team *mk_team_create(int members, long spin) {
  if (members < 1) members = 1;
  mk_team *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->members = members;
  t->spin = spin < 1 ? 1 : spin;
  t->threads = calloc((size_t)members, sizeof *t->threads);
  t->starts = calloc((size_t)members, sizeof *t->starts);
  if (!t->threads || !t->starts) {
    free(t->threads);
    free(t->starts);
    free(t);
    return NULL;
  }
  atomic_init(&t->state, 0);
  atomic_init(&t->task, NULL);
  atomic_init(&t->context, NULL);
  atomic_init(&t->slots, 0);
  atomic_init(&t->completed, 0);
  atomic_init(&t->sleepers, 0);
  atomic_init(&t->caller_sleeping, 0);
  atomic_init(&t->stop, 0);
  pthread_mutex_init(&t->lock, NULL);
  pthread_cond_init(&t->work, NULL);
  pthread_cond_init(&t->done, NULL);
  for (int m = 1; m < members; m++) {
    t->starts[m] = (struct member_start){t, m};
    if (pthread_create(&t->threads[m], NULL, member_main, &t->starts[m]) != 0) {
      t->members = m;  // join the ones started
      mk_team_destroy(t);
      return NULL;
    }
  }
  return t;
}

void mk_team_destroy(mk_team *t) {
  if (!t) return;
  atomic_store(&t->stop, 1);
  advance(t);
  pthread_mutex_lock(&t->lock);
  pthread_cond_broadcast(&t->work);  // members between their check and the wait see stop too
  pthread_mutex_unlock(&t->lock);
  for (int m = 1; m < t->members; m++) pthread_join(t->threads[m], NULL);
  pthread_mutex_destroy(&t->lock);
  pthread_cond_destroy(&t->work);
  pthread_cond_destroy(&t->done);
  free(t->threads);
  free(t->starts);
  free(t);
}

void mk_team_run(mk_team *t, void (*task)(void *context, int slot), void *context, int slots) {
  if (slots <= 0) return;
  if (slots > 32) slots = 32;  // the caller checks; never more bits than the state holds
  if (t->members == 1 || slots == 1) {
    for (int s = 0; s < slots; s++) task(context, s);
    return;
  }
  atomic_store_explicit(&t->task, task, memory_order_relaxed);
  atomic_store_explicit(&t->context, context, memory_order_relaxed);
  atomic_store_explicit(&t->slots, slots, memory_order_relaxed);
  atomic_store_explicit(&t->completed, 0, memory_order_relaxed);
  uint32_t gen = advance(t);  // publishes the fields above (a seq_cst store)
  work_on(t, gen, 0);
  long polls = 0;
  while (atomic_load_explicit(&t->completed, memory_order_acquire) != slots) {
    if (++polls < t->spin) {
      wait_a_little(polls);
      continue;
    }
    pthread_mutex_lock(&t->lock);
    atomic_store(&t->caller_sleeping, 1);
    while (atomic_load(&t->completed) != slots) pthread_cond_wait(&t->done, &t->lock);
    atomic_store(&t->caller_sleeping, 0);
    pthread_mutex_unlock(&t->lock);
  }
}

int mk_team_members(const mk_team *t) { return t->members; }
