#include "galleries/gallery_removal_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

#include "widgets/message_banner.h"

namespace facecase::ui {

GalleryRemovalDialog::GalleryRemovalDialog(Target target, const Gallery& gallery, QWidget* parent)
    : QDialog(parent), m_target(target), m_gallery(gallery) {
    const bool wholeGallery = target == Target::Gallery;
    setObjectName(wholeGallery ? QStringLiteral("removeGalleryConfirmation")
                               : QStringLiteral("removeGalleryImageDialog"));
    setWindowTitle(wholeGallery ? tr("Remove Gallery") : tr("Remove Image from Gallery"));

    m_banner = new MessageBanner(this);
    auto* question = new QLabel(this);
    question->setObjectName(QStringLiteral("removalQuestion"));
    question->setWordWrap(true);
    question->setTextFormat(Qt::PlainText);
    const QLocale locale;
    if (!wholeGallery) {
        question->setText(tr("Remove one image with its faces from the gallery \"%1\". Recorded "
                             "searches keep what they showed. This cannot be undone; the reason "
                             "is recorded in the audit log.")
                              .arg(gallery.name));
    } else if (gallery.isSynthetic()) {
        question->setText(tr("Remove the synthetic benchmark gallery \"%1\" (%2 generated faces)? "
                             "The reason is recorded in the audit log.")
                              .arg(gallery.name, locale.toString(gallery.faceCount)));
    } else {
        question->setText(
            tr("Remove the gallery \"%1\" with its %2 images, %3 faces and enrollment "
               "jobs? This cannot be undone. The photo files themselves are not "
               "touched; searches already recorded keep the gallery's name. The "
               "reason is recorded in the audit log.")
                .arg(gallery.name, locale.toString(gallery.imageCount),
                     locale.toString(gallery.faceCount)));
    }

    auto* form = new QFormLayout;
    if (!wholeGallery) {
        m_image = new QLineEdit(this);
        m_image->setObjectName(QStringLiteral("removalImage"));
        m_image->setPlaceholderText(tr("image id (e.g. 42) or SHA-256 of the photo"));
        m_image->setToolTip(
            tr("The image's id, as search results and exports show it, or the "
               "SHA-256 of its bytes"));
        form->addRow(tr("&Image:"), m_image);
        connect(m_image, &QLineEdit::textChanged, this, &GalleryRemovalDialog::updateOk);
    }
    m_reason = new QPlainTextEdit(this);
    m_reason->setObjectName(QStringLiteral("removalReason"));
    m_reason->setTabChangesFocus(true);
    m_reason->setPlaceholderText(tr("e.g. Record expunged by court order 2024/117"));
    m_reason->setToolTip(tr("The reason (required), recorded in the audit log"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setMinimumHeight(4 * m_reason->fontMetrics().lineSpacing() + 12);
    form->addRow(tr("&Reason:"), m_reason);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    okButton()->setText(wholeGallery ? tr("&Remove Gallery") : tr("&Remove Image"));
    // Removing is not what Enter should do by accident.
    okButton()->setAutoDefault(false);
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &GalleryRemovalDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QPlainTextEdit::textChanged, this, &GalleryRemovalDialog::updateOk);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(question);
    layout->addLayout(form, 1);
    layout->addWidget(m_buttons);
    resize(480, sizeHint().height());
    updateOk();
}

QPushButton* GalleryRemovalDialog::okButton() const {
    return m_buttons->button(QDialogButtonBox::Ok);
}

QString GalleryRemovalDialog::reason() const {
    return m_reason->toPlainText().trimmed();
}

std::optional<GalleryImageKey> GalleryRemovalDialog::imageKey() const {
    if (!m_image) return std::nullopt;
    const QString text = m_image->text().trimmed();
    GalleryImageKey key;
    bool isNumber = false;
    const qint64 id = text.toLongLong(&isNumber);
    if (isNumber && id > 0) {
        key.imageId = id;
        return key;
    }
    static const QRegularExpression hex64(QStringLiteral("^[0-9a-fA-F]{64}$"));
    if (!hex64.match(text).hasMatch()) return std::nullopt;
    key.sha256 = text.toLower();
    return key;
}

QString GalleryRemovalDialog::errorText() const {
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void GalleryRemovalDialog::updateOk() {
    const bool imageNamed = m_target == Target::Gallery || imageKey().has_value();
    const bool ready = imageNamed && !reason().isEmpty() && !m_submitting;
    okButton()->setEnabled(ready);
    okButton()->setToolTip(!imageNamed
                               ? tr("Enter the image's id or its SHA-256 (64 hex digits) first")
                           : reason().isEmpty() ? tr("Enter the reason first")
                                                : tr("Delete and record why"));
}

void GalleryRemovalDialog::submit() {
    if (!okButton()->isEnabled()) return;
    m_submitting = true;
    m_banner->dismiss();
    updateOk();
    emit submitted(reason());
}

void GalleryRemovalDialog::showError(const QString& message) {
    m_submitting = false;
    m_banner->showError(message);
    updateOk();
}

}  // namespace facecase::ui
