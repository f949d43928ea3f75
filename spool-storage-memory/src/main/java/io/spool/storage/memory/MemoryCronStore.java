package io.spool.storage.memory;

import io.spool.storage.CronQuery;
import io.spool.storage.CronRecord;
import io.spool.storage.CronStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryCronStore implements CronStore {

    private final Map<String, CronRecord> crons = new ConcurrentHashMap<>();

    @Override
    public boolean insert(CronRecord cron) {
        return crons.putIfAbsent(cron.cronId(), cron) == null;
    }

    @Override
    public Optional<CronRecord> get(String cronId) {
        return Optional.ofNullable(crons.get(cronId));
    }

    @Override
    public boolean update(CronRecord cron) {
        return crons.computeIfPresent(cron.cronId(), (id, old) -> cron.withNextRunDate(old.nextRunDate())) != null;
    }

    @Override
    public boolean reschedule(String cronId, Instant next) {
        return crons.computeIfPresent(cronId, (id, old) -> old.withNextRunDate(next)) != null;
    }

    @Override
    public boolean delete(String cronId) {
        return crons.remove(cronId) != null;
    }

    @Override
    public int deleteByThread(String threadId) {
        List<String> ids = crons.values().stream().filter(c -> threadId.equals(c.threadId()))
                .map(CronRecord::cronId).toList();
        ids.forEach(crons::remove);
        return ids.size();
    }

    @Override
    public List<CronRecord> search(CronQuery query) {
        return query.page(crons.values());
    }

    @Override
    public long count(CronQuery query) {
        return crons.values().stream().filter(query::matches).count();
    }

    @Override
    public List<CronRecord> due(Instant now, int limit) {
        return crons.values().stream()
                .filter(c -> c.enabled() && c.nextRunDate() != null && !c.nextRunDate().isAfter(now))
                .sorted(Comparator.comparing(CronRecord::nextRunDate)).limit(limit).toList();
    }

    @Override
    public boolean claim(String cronId, Instant expected, Instant next) {
        boolean[] won = {false};
        crons.computeIfPresent(cronId, (id, c) -> {
            if (!c.enabled() || !Objects.equals(c.nextRunDate(), expected)) return c;
            won[0] = true;
            return c.withNextRunDate(next);
        });
        return won[0];
    }
}
