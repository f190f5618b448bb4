/* signals32/signals64: sigaction, sigprocmask, kill(getpid()), alarm and
 * setitimer with sigsuspend. Prints "signals: ok".
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("signals: failed: %s (line %d)\n", #cond, __LINE__);                \
			return 1;                                                                  \
		}                                                                                  \
	} while (0)

static volatile sig_atomic_t got_usr1, got_alrm;

static void handler(int sig)
{
	if (sig == SIGUSR1)
		got_usr1++;
	else if (sig == SIGALRM)
		got_alrm++;
}

int main(void)
{
	struct itimerval it = {.it_value = {.tv_usec = 10000}};
	struct sigaction sa;
	sigset_t block, old, pending;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);

	/* A blocked signal stays pending until unblocked. */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGALRM);
	CHECK(sigprocmask(SIG_BLOCK, &block, &old) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1));
	CHECK(got_usr1 == 0);

	/* alarm() armed and cancelled; setitimer() delivers SIGALRM. */
	alarm(30);
	CHECK(alarm(0) > 0);
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	while (!got_alrm)
		sigsuspend(&old);
	CHECK(got_usr1 == 1);
	CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
	printf("signals: ok\n");
	return 0;
}
