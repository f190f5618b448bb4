/* threads32/threads64: pthreads with a mutex and a condition variable, and
 * nanosleep. Prints "threads: ok".
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define NTHREADS 4

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int started, go, total;

static void *worker(void *arg)
{
	struct timespec ts = {.tv_nsec = 1000000};
	int n = *(int *)arg;

	pthread_mutex_lock(&lock);
	started++;
	pthread_cond_broadcast(&cond);
	while (!go)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	nanosleep(&ts, NULL);
	pthread_mutex_lock(&lock);
	total += n;
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t threads[NTHREADS];
	int ids[NTHREADS], i;

	for (i = 0; i < NTHREADS; i++) {
		ids[i] = i + 1;
		if (pthread_create(&threads[i], NULL, worker, &ids[i]) != 0) {
			printf("threads: pthread_create failed\n");
			return 1;
		}
	}
	pthread_mutex_lock(&lock);
	while (started < NTHREADS)
		pthread_cond_wait(&cond, &lock);
	go = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(threads[i], NULL);
	if (total != NTHREADS * (NTHREADS + 1) / 2) {
		printf("threads: bad total %d\n", total);
		return 1;
	}
	printf("threads: ok\n");
	return 0;
}
