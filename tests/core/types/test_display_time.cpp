// displayTime(): the one way a stored time is shown (issue 11). Inputs in UTC, with an offset
// and in local time all come out as the same UTC text with its zone; stored ISO text the same way.
#include "types/display_time.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace facecase;

class TestDisplayTime : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        // A local zone far from UTC (and without summer time), so that showing local time, or
        // reading stored text as local time, would be seen.
        qputenv("TZ", "Asia/Kolkata");
        QCOMPARE(QDateTime(QDate(2026, 12, 7), QTime(0, 0), Qt::LocalTime).offsetFromUtc(), 19800);
    }

    void showsUtcWithItsZone_data() {
        QTest::addColumn<QDateTime>("time");
        QTest::addColumn<QString>("shown");
        const QDate day(2026, 12, 7);
        QTest::newRow("utc") << QDateTime(day, QTime(11, 13, 22), Qt::UTC)
                             << QStringLiteral("2026-12-07 11:13:22 UTC");
        QTest::newRow("milliseconds dropped, not rounded")
            << QDateTime(day, QTime(11, 13, 22, 999), Qt::UTC) << QStringLiteral("2026-12-07 11:13:22 UTC");
        QTest::newRow("offset +01:00") << QDateTime(day, QTime(12, 13, 22), Qt::OffsetFromUTC, 3600)
                                       << QStringLiteral("2026-12-07 11:13:22 UTC");
        QTest::newRow("offset -05:00 crosses midnight")
            << QDateTime(day, QTime(21, 0, 0), Qt::OffsetFromUTC, -5 * 3600)
            << QStringLiteral("2026-12-08 02:00:00 UTC");
        QTest::newRow("offset +14:00 crosses the year back")
            << QDateTime(QDate(2027, 1, 1), QTime(8, 30, 0), Qt::OffsetFromUTC, 14 * 3600)
            << QStringLiteral("2026-12-31 18:30:00 UTC");
        QTest::newRow("named zone in summer time")
            << QDateTime(QDate(2026, 7, 1), QTime(13, 0, 5), QTimeZone(QByteArrayLiteral("Europe/Berlin")))
            << QStringLiteral("2026-07-01 11:00:05 UTC");
        QTest::newRow("this machine's local time (+05:30)")
            << QDateTime(day, QTime(16, 43, 22), Qt::LocalTime) << QStringLiteral("2026-12-07 11:13:22 UTC");
        QTest::newRow("invalid") << QDateTime() << QString();
    }
    void showsUtcWithItsZone() {
        QFETCH(QDateTime, time);
        QFETCH(QString, shown);
        QCOMPARE(displayTime(time), shown);
    }

    void showsStoredText_data() {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<QString>("shown");
        QTest::newRow("as the store writes it") << QStringLiteral("2024-05-01T09:30:00.000Z")
                                                << QStringLiteral("2024-05-01 09:30:00 UTC");
        QTest::newRow("without milliseconds") << QStringLiteral("2024-05-01T09:30:07Z")
                                              << QStringLiteral("2024-05-01 09:30:07 UTC");
        QTest::newRow("with an offset") << QStringLiteral("2024-05-01T11:30:00+02:00")
                                        << QStringLiteral("2024-05-01 09:30:00 UTC");
        // The store writes UTC: a time without an offset is not moved by this machine's zone.
        QTest::newRow("without an offset is UTC") << QStringLiteral("2024-05-01T09:30:00")
                                                  << QStringLiteral("2024-05-01 09:30:00 UTC");
        QTest::newRow("not a time: shown as stored") << QStringLiteral("yesterday-ish")
                                                     << QStringLiteral("yesterday-ish");
        QTest::newRow("empty") << QString() << QString();
    }
    void showsStoredText() {
        QFETCH(QString, stored);
        QFETCH(QString, shown);
        QCOMPARE(displayTime(stored), shown);
    }
};

QTEST_GUILESS_MAIN(TestDisplayTime)
#include "test_display_time.moc"
