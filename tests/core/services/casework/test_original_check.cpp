// OriginalCheck on real files: a gallery photo as enrolled is verified; edited, it is changed;
// moved away, or with its folder gone (a share not mounted), it is unreachable with a reason
// the analyst can act on; a FIFO in its place is refused without blocking.
#include "services/casework/original_check.h"
#include "support/test_data.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace facecase;

namespace {
QString sha256Of(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}
}  // namespace

class TestOriginalCheck : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_photo;
    QString m_sha256;

private slots:
    void init() {
        FACECASE_REQUIRE_TESTDATA();
        QVERIFY(m_dir.isValid());
        QDir().mkpath(m_dir.filePath(QStringLiteral("share/bookings")));
        m_photo = m_dir.filePath(QStringLiteral("share/bookings/Al_Pacino_0001.jpg"));
        QFile::remove(m_photo);
        QVERIFY(QFile::copy(
            test::testDataPath(QStringLiteral("lfw-devtest/images/Al_Pacino/Al_Pacino_0001.jpg")),
            m_photo));
        QFile(m_photo).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        m_sha256 = sha256Of(m_photo);
        QCOMPARE(m_sha256.size(), 64);
    }

    void asEnrolledIsVerified() {
        const OriginalCheck check = OriginalCheck::of(m_photo, m_sha256.toUpper());
        QCOMPARE(check.state, OriginalCheck::State::Verified);
        QVERIFY(check.verified());
        QCOMPARE(check.toJson().value(QStringLiteral("state")).toString(), QStringLiteral("verified"));
    }

    void editedIsChanged() {
        QFile file(m_photo);
        QVERIFY(file.open(QIODevice::Append));
        file.write("x");
        file.close();
        const OriginalCheck check = OriginalCheck::of(m_photo, m_sha256);
        QCOMPARE(check.state, OriginalCheck::State::Changed);
        QCOMPARE(check.sha256OnDisk, sha256Of(m_photo));
        QVERIFY2(check.describe().startsWith(QStringLiteral("changed since enrollment")),
                 qPrintable(check.describe()));
    }

    void movedIsUnreachable() {
        QVERIFY(QFile::rename(m_photo, m_dir.filePath(QStringLiteral("elsewhere.jpg"))));
        const OriginalCheck check = OriginalCheck::of(m_photo, m_sha256);
        QCOMPARE(check.state, OriginalCheck::State::Unreachable);
        QCOMPARE(check.reason, QStringLiteral("no such file (moved or deleted)"));
        QCOMPARE(check.describe(),
                 QStringLiteral("unreachable at %1: no such file (moved or deleted)")
                     .arg(QDir::toNativeSeparators(m_photo)));
    }

    void aMissingFolderIsNamed() {
        QVERIFY(QDir(m_dir.filePath(QStringLiteral("share"))).removeRecursively());
        const OriginalCheck check = OriginalCheck::of(m_photo, m_sha256);
        QCOMPARE(check.state, OriginalCheck::State::Unreachable);
        QVERIFY2(check.reason.contains(QStringLiteral("share/bookings is not reachable")),
                 qPrintable(check.reason));
        QCOMPARE(check.toJson().value(QStringLiteral("state")).toString(),
                 QStringLiteral("unreachable"));
    }

    void aFifoIsRefusedWithoutBlocking() {
        QVERIFY(QFile::remove(m_photo));
        QCOMPARE(::mkfifo(QFile::encodeName(m_photo).constData(), 0600), 0);
        const OriginalCheck check = OriginalCheck::of(m_photo, m_sha256);
        QCOMPARE(check.state, OriginalCheck::State::Unreachable);
        QVERIFY2(check.reason.contains(QStringLiteral("a FIFO")), qPrintable(check.reason));
        QFile::remove(m_photo);
    }
};

QTEST_GUILESS_MAIN(TestOriginalCheck)
#include "test_original_check.moc"
