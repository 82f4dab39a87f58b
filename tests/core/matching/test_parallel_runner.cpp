#include <QTest>
#include <atomic>
#include <set>
#include <thread>

#include "matching/parallel_runner.h"

using namespace facecase;

class TestParallelRunner : public QObject {
    Q_OBJECT

private slots:
    void everyPartOnceWithPartZeroHere() {
        for (int parts : {0, 1, 2, 5}) {
            std::atomic<int> calls{0};
            std::vector<int> seen(std::size_t(std::max(parts, 1)), 0);
            std::thread::id partZeroThread;
            ParallelRunner::run(parts, [&](int part) {
                ++calls;
                ++seen[std::size_t(part)];
                if (part == 0) partZeroThread = std::this_thread::get_id();
            });
            QCOMPARE(calls.load(), parts);
            for (int p = 0; p < parts; ++p) QCOMPARE(seen[std::size_t(p)], 1);
            if (parts > 0) QCOMPARE(partZeroThread, std::this_thread::get_id());
        }
    }
};

QTEST_GUILESS_MAIN(TestParallelRunner)
#include "test_parallel_runner.moc"
