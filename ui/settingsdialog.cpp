// The Settings dialog.
#include "settingsdialog.h"

#include "icons.h"
#include "remoteenginespage.h"
#include "services/engine/downloadengine.h"
#include "services/engine/hostlimits.h"
#include "services/jobs/jobrunner.h"
#include "services/settings.h"
#include "services/urls.h"
#include "trayicon.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTabWidget>
#include <QUrl>
#include <QVBoxLayout>

// A proxy's password is not shown: this stands for it in the field, and applied as shown it
// keeps the password it stands for.
static const QString PasswordMask = QStringLiteral("********");

static QString maskedProxy(const QString &proxy)
{
    QUrl url(proxy);
    if (url.password().isEmpty())
        return proxy;
    url.setPassword(PasswordMask);
    return url.toString();
}

// The limit in the field's KiB/s, rounded up: a limit under 1 KiB/s (--limit-rate 512) is never
// shown as "No limit".
static int shownKiB(qint64 bytesPerSecond)
{
    return int((bytesPerSecond + 1023) / 1024);
}

SettingsDialog::SettingsDialog(DownloadEngine *engine, Settings *settings,
                               RemoteEngineSetup *remote, QWidget *parent)
    : QDialog(parent), m_engine(engine), m_settings(settings),
      m_directory(new QLineEdit(engine->defaultDirectory(), this)),
      m_knownDirectory(engine->defaultDirectory()), m_maxConcurrent(new QSpinBox(this)),
      m_connections(new QSpinBox(this)), m_maxPerHost(new QSpinBox(this)),
      m_limitRate(new QSpinBox(this)), m_retries(new QSpinBox(this)),
      m_stallTimeout(new QSpinBox(this)), m_jobThreads(new QSpinBox(this)),
      m_proxy(new QLineEdit(maskedProxy(engine->proxy()), this)), m_proxyProblem(new QLabel(this)),
      m_hostCaps(new QLineEdit(HostLimits::formatCaps(engine->hostCaps()), this)),
      m_hostCapsProblem(new QLabel(this)),
      m_caCertificates(new QLineEdit(engine->caCertificates(), this)), m_caProblem(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    setMinimumWidth(520);

    m_directory->setObjectName(QStringLiteral("settingsDirectory"));
    m_directory->setAccessibleName(tr("Download folder"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    browse->setObjectName(QStringLiteral("settingsBrowse"));
    browse->setAccessibleName(tr("Choose the download folder"));
    browse->setAutoDefault(false); // Enter in a field closes the dialog, never opens a browser
    auto *directoryRow = new QHBoxLayout;
    directoryRow->addWidget(m_directory, 1);
    directoryRow->addWidget(browse);

    m_maxConcurrent->setObjectName(QStringLiteral("settingsMaxConcurrent"));
    m_maxConcurrent->setAccessibleName(tr("Maximum concurrent downloads"));
    m_maxConcurrent->setRange(1, DownloadEngine::MaxConcurrentLimit);
    m_maxConcurrent->setValue(engine->maxConcurrent());

    m_connections->setObjectName(QStringLiteral("settingsConnections"));
    m_connections->setAccessibleName(tr("Connections per file"));
    m_connections->setRange(1, DownloadEngine::MaxConnections);
    m_connections->setValue(engine->connections());
    m_connections->setToolTip(tr("A large file from a server that serves byte ranges is fetched "
                                 "in pieces over this many connections at once."));

    m_maxPerHost->setObjectName(QStringLiteral("settingsMaxPerHost"));
    m_maxPerHost->setAccessibleName(tr("Connections per host"));
    m_maxPerHost->setRange(0, 256);
    m_maxPerHost->setSpecialValueText(tr("No cap"));
    m_maxPerHost->setValue(engine->maxPerHost());
    m_maxPerHost->setToolTip(tr("At most this many connections to one server across all "
                                "downloads; the others wait their turn"));

    m_retries->setObjectName(QStringLiteral("settingsRetries"));
    m_retries->setAccessibleName(tr("Attempts per download"));
    m_retries->setRange(1, 100);
    m_retries->setValue(engine->retryPolicy().maxAttempts);
    m_retries->setToolTip(tr("How often a download is tried when the network or the server "
                             "fails for a while (refused, reset, 5xx), with growing pauses"));

    m_stallTimeout->setObjectName(QStringLiteral("settingsStallTimeout"));
    m_stallTimeout->setAccessibleName(tr("Stall timeout"));
    m_stallTimeout->setRange(1, 86400);
    m_stallTimeout->setSuffix(tr(" s"));
    m_stallTimeout->setValue(engine->stallTimeout());
    m_stallTimeout->setToolTip(tr("An attempt that receives nothing for this long is given up "
                                  "and tried again"));

    m_limitRate->setObjectName(QStringLiteral("settingsLimitRate"));
    m_limitRate->setAccessibleName(tr("Speed limit"));
    m_limitRate->setRange(0, 10 * 1024 * 1024);
    m_limitRate->setSuffix(tr(" KiB/s"));
    m_limitRate->setSpecialValueText(tr("No limit"));
    m_limitRate->setValue(shownKiB(engine->limitRate()));
    m_limitRate->setToolTip(tr("For all downloads together, shared fairly among them"));

    m_jobThreads->setObjectName(QStringLiteral("settingsJobThreads"));
    m_jobThreads->setAccessibleName(tr("Threads for hashing and unpacking"));
    m_jobThreads->setRange(1, Settings::MaxJobThreads);
    m_jobThreads->setValue(engine->jobRunner()->maxThreads());

    m_proxy->setObjectName(QStringLiteral("settingsProxy"));
    m_proxy->setAccessibleName(tr("Proxy"));
    m_proxy->setPlaceholderText(tr("From the environment (http_proxy, https_proxy, no_proxy)"));
    m_proxy->setToolTip(tr("http://, https://, socks5:// or socks5h://host:port; empty: the "
                           "environment's settings"));
    m_hostCaps->setObjectName(QStringLiteral("settingsHostCaps"));
    m_hostCaps->setAccessibleName(tr("Connections per host, host by host"));
    m_hostCaps->setPlaceholderText(tr("files.example.org=2, cdn.example.com=8"));
    m_hostCaps->setToolTip(tr("Caps of their own for some servers, over the one above; 0: no "
                              "cap for that server"));
    m_hostCapsProblem->setObjectName(QStringLiteral("settingsHostCapsProblem"));
    m_hostCapsProblem->setWordWrap(true);
    m_hostCapsProblem->setStyleSheet(Icons::errorStyle(palette()));
    m_hostCapsProblem->hide();

    m_proxyProblem->setObjectName(QStringLiteral("settingsProxyProblem"));
    m_proxyProblem->setWordWrap(true);
    m_proxyProblem->setStyleSheet(Icons::errorStyle(palette()));
    m_proxyProblem->hide();

    m_caCertificates->setObjectName(QStringLiteral("settingsCaCertificates"));
    m_caCertificates->setAccessibleName(tr("Extra certificate authorities"));
    m_caCertificates->setPlaceholderText(tr("None: only the system's"));
    m_caCertificates->setToolTip(tr("A PEM file of certificate authorities to trust besides the "
                                    "system's, for a private or corporate CA"));
    m_caProblem->setObjectName(QStringLiteral("settingsCaProblem"));
    m_caProblem->setWordWrap(true);
    m_caProblem->setStyleSheet(Icons::errorStyle(palette()));
    m_caProblem->hide();

    m_closeToTray =
        new QCheckBox(tr("&Closing the window keeps Fetchdeck running in the tray"), this);
    m_closeToTray->setObjectName(QStringLiteral("settingsCloseToTray"));
    m_closeToTray->setChecked(settings->closeToTray());
    m_closeToTray->setEnabled(TrayIcon::isAvailable());
    if (!TrayIcon::isAvailable())
        m_closeToTray->setToolTip(tr("This desktop offers no system tray."));
    connect(m_closeToTray, &QCheckBox::toggled, m_settings, &Settings::setCloseToTray);

    auto *form = new QFormLayout;
    // A row that is a layout gets no buddy from QFormLayout: without one the '&' shows.
    auto *directoryLabel = new QLabel(tr("&Download folder:"), this);
    directoryLabel->setBuddy(m_directory);
    form->addRow(directoryLabel, directoryRow);
    form->addRow(tr("&Maximum concurrent downloads:"), m_maxConcurrent);
    form->addRow(tr("C&onnections per file:"), m_connections);
    form->addRow(tr("Connections per &host:"), m_maxPerHost);
    form->addRow(tr("Host b&y host:"), m_hostCaps);
    form->addRow(QString(), m_hostCapsProblem);
    form->addRow(tr("&Speed limit:"), m_limitRate);
    form->addRow(tr("&Attempts per download:"), m_retries);
    form->addRow(tr("S&tall timeout:"), m_stallTimeout);
    form->addRow(tr("&Proxy:"), m_proxy);
    form->addRow(QString(), m_proxyProblem);
    form->addRow(tr("Extra &CA certificates:"), m_caCertificates);
    form->addRow(QString(), m_caProblem);
    form->addRow(tr("&Threads for hashing and unpacking:"), m_jobThreads);
    form->addRow(QString(), m_closeToTray);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    QTabWidget *tabs = nullptr;
    if (remote) {
        tabs = new QTabWidget(this);
        tabs->setObjectName(QStringLiteral("settingsTabs"));
        auto *downloads = new QWidget(tabs);
        auto *downloadsLayout = new QVBoxLayout(downloads);
        downloadsLayout->addLayout(form);
        downloadsLayout->addStretch();
        tabs->addTab(downloads, tr("Do&wnloads"));
        tabs->addTab(new RemoteEnginesPage(remote, tabs), tr("Remote E&ngines"));
        layout->addWidget(tabs);
    } else {
        layout->addLayout(form);
        layout->addStretch();
    }
    layout->addWidget(buttons);
    // Tab follows the form from top to bottom (the widgets were made in another order).
    QWidget *previous = tabs ? static_cast<QWidget *>(tabs) : m_directory;
    for (QWidget *next : std::initializer_list<QWidget *>{
             m_directory, browse, m_maxConcurrent, m_connections, m_maxPerHost, m_hostCaps,
             m_limitRate, m_retries, m_stallTimeout, m_proxy, m_caCertificates, m_jobThreads,
             m_closeToTray, buttons}) {
        if (next != previous)
            setTabOrder(previous, next);
        previous = next;
    }
    m_directory->setFocus(); // the first field, with the tab bar (if any) before it

    connect(m_directory, &QLineEdit::editingFinished, this, &SettingsDialog::applyDirectory);
    connect(browse, &QPushButton::clicked, this, &SettingsDialog::chooseDirectory);
    connect(m_maxConcurrent, &QSpinBox::valueChanged, this, &SettingsDialog::applyMaxConcurrent);
    connect(m_connections, &QSpinBox::valueChanged, this, [this](int n) {
        m_settings->setConnections(n);
        m_engine->setConnections(n); // the next attempt of each download
    });
    connect(m_maxPerHost, &QSpinBox::valueChanged, this, [this](int n) {
        m_settings->setMaxPerHost(n);
        m_engine->setMaxPerHost(n);
    });
    connect(m_retries, &QSpinBox::valueChanged, this, [this](int n) {
        RetryPolicy policy = m_engine->retryPolicy();
        policy.maxAttempts = n;
        m_engine->setRetryPolicy(policy);
        m_settings->setRetries(n);
    });
    connect(m_stallTimeout, &QSpinBox::valueChanged, this, [this](int seconds) {
        m_engine->setStallTimeout(seconds);
        m_settings->setStallTimeout(seconds);
    });
    connect(m_limitRate, &QSpinBox::valueChanged, this, [this](int kib) {
        m_settings->setLimitRate(qint64(kib) * 1024);
        m_engine->setLimitRate(qint64(kib) * 1024); // the status bar follows
    });
    connect(m_engine, &DownloadEngine::limitRateChanged, m_limitRate, [this](qint64 rate) {
        const QSignalBlocker quiet(m_limitRate);
        m_limitRate->setValue(shownKiB(rate));
    });
    connect(m_jobThreads, &QSpinBox::valueChanged, this, [this](int n) {
        m_settings->setJobThreads(n);
        m_engine->jobRunner()->setMaxThreads(n);
    });
    connect(m_proxy, &QLineEdit::editingFinished, this, &SettingsDialog::applyProxy);
    connect(m_hostCaps, &QLineEdit::editingFinished, this, &SettingsDialog::applyHostCaps);
    connect(this, &QDialog::finished, this, &SettingsDialog::applyHostCaps);
    connect(m_caCertificates, &QLineEdit::editingFinished, this,
            &SettingsDialog::applyCaCertificates);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(this, &QDialog::finished, this, &SettingsDialog::applyDirectory);
    connect(this, &QDialog::finished, this, &SettingsDialog::applyProxy);
    connect(this, &QDialog::finished, this, &SettingsDialog::applyCaCertificates);
    connect(this, &QDialog::finished, this, &SettingsDialog::saveOrSaySo); // after the rest
}

// Changes that cannot be written were lost at the next start without a word.
void SettingsDialog::saveOrSaySo()
{
    if (m_settings->save())
        return;
    QMessageBox::warning(parentWidget(), tr("Settings Not Saved"),
                         tr("Fetchdeck cannot write its settings to %1. The changes apply until "
                            "Fetchdeck quits.")
                             .arg(QDir::toNativeSeparators(m_settings->fileName())));
}

void SettingsDialog::applyDirectory()
{
    const QString dir = Settings::typedFolder(m_directory->text(), m_knownDirectory);
    if (dir.isEmpty())
        return;
    m_directory->setText(dir); // where it is, as it will be shown next time
    if (dir == m_engine->defaultDirectory())
        return;
    m_settings->setDownloadDirectory(dir);
    m_engine->setDefaultDirectory(dir);
}

void SettingsDialog::applyProxy()
{
    QString why;
    QString typed = m_proxy->text();
    if (QUrl url(typed.trimmed()); url.password() == PasswordMask) { // the password kept
        url.setPassword(QUrl(m_engine->proxy()).password());
        typed = url.toString();
    }
    const QString proxy = Urls::normalizeProxy(typed, &why);
    m_proxyProblem->setVisible(proxy.isNull());
    m_proxyProblem->setText(why);
    if (proxy.isNull() || proxy == m_engine->proxy())
        return;
    m_settings->setProxy(proxy);
    m_engine->setProxy(proxy); // the next request uses it
    m_proxy->setText(maskedProxy(proxy));
}

void SettingsDialog::applyHostCaps()
{
    QString why;
    const auto caps = HostLimits::parseCaps(m_hostCaps->text(), &why);
    m_hostCapsProblem->setVisible(!caps);
    m_hostCapsProblem->setText(why);
    if (!caps || *caps == m_engine->hostCaps())
        return;
    m_settings->setHostCaps(HostLimits::formatCaps(*caps));
    m_engine->setHostCaps(*caps);
}

void SettingsDialog::applyCaCertificates()
{
    const QString path = m_caCertificates->text().trimmed();
    if (path == m_engine->caCertificates() && m_caProblem->isHidden())
        return;
    const QString error = m_engine->setCaCertificates(path); // reads a small file, once
    m_caProblem->setVisible(!error.isEmpty());
    m_caProblem->setText(error);
    if (error.isEmpty())
        m_settings->setCaCertificates(path);
}

void SettingsDialog::applyMaxConcurrent(int n)
{
    m_settings->setMaxConcurrent(n);
    m_engine->setMaxConcurrent(n);
}

void SettingsDialog::chooseDirectory()
{
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Download Folder"), m_directory->text());
    if (dir.isEmpty())
        return;
    m_knownDirectory = dir;
    m_directory->setText(dir);
    applyDirectory();
}
