"""Builds the network's demo site; safe to run again (it updates, never duplicates)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from community import demo as community_demo
from community.actions import do_create_profile, do_update_profile
from community.models import Notification, Post, Profile
from community.notifications import emails_paused
from events import demo as events_demo
from events.models import EventPage, Registration
from home.demo import DemoContext, ensure_translation, ensure_user
from home.models import HomePage, SiteSettings
from knowledge import demo as knowledge_demo

ADMIN = {
    "username": "admin",
    "email": "admin@flexibelopleiden.example",
    "password": "demo-admin-2022",
}
MEMBER_PASSWORD = "demo-lid-2022"
ATTENDED_EVENT = "werksessie-themagroep-september-2022"
ATTENDED_BY = ("anouk", "bram", "fatima", "sanne")

# (username, group, profile): fictional members of the network. In the member directory Nina
# (new, still finding her way) is not listed, Joost, Lotte and Eva show the basic listing.
MEMBERS = [
    (
        "nina",
        "Members",
        {
            "display_name": "Nina Verbeek",
            "institution": "Lerarenopleiding Noordkust",
            "role": "student",
            "expertise": ["zij-instroom"],
            "bio": "Net begonnen als zij-instromer; nieuw in het netwerk.",
            "region": "Groningen",
            "directory_listing": "hidden",
        },
    ),
    (
        "anouk",
        "Members",
        {
            "display_name": "Anouk Jansen",
            "institution": "Pabo Deltastad",
            "role": "institute",
            "partnership": "Samen Opleiden Deltastad",
            "expertise": ["leeruitkomsten", "assessment"],
            "bio": "Opleidingsdocent op de pabo; werkt sinds de pilots met leeruitkomsten.",
            "region": "Zeeland",
            "directory_listing": "full",
        },
    ),
    (
        "bram",
        "Members",
        {
            "display_name": "Bram Visser",
            "institution": "OSG De Brug",
            "role": "school",
            "partnership": "Samen Opleiden Deltastad",
            "expertise": ["werkplekleren", "coaching"],
            "bio": "Schoolopleider in het voortgezet onderwijs; begeleidt zij-instromers.",
            "region": "Zeeland",
            "directory_listing": "full",
        },
    ),
    (
        "fatima",
        "Members",
        {
            "display_name": "Fatima El Amrani",
            "institution": "Lerarenopleiding Rijnland",
            "role": "institute",
            "partnership": "Partnerschap Rijnland Opleidt",
            "expertise": ["zij-instroom", "opleidingsvarianten"],
            "bio": "Coördinator deeltijd en zij-instroom van een tweedegraads lerarenopleiding.",
            "region": "Zuid-Holland",
            "directory_listing": "full",
        },
    ),
    (
        "joost",
        "Members",
        {
            "display_name": "Joost van Dijk",
            "institution": "Techniek College Oost",
            "role": "school",
            "partnership": "Opleiden in de School Oost",
            "expertise": ["PDG", "mbo"],
            "bio": "Opleider in het mbo; begeleidt collega's op weg naar hun PDG.",
            "region": "Overijssel",
            "directory_listing": "basic",
        },
    ),
    (
        "lotte",
        "Members",
        {
            "display_name": "Lotte Bakker",
            "institution": "Kenniscentrum Leren en Opleiden",
            "role": "research",
            "partnership": "",
            "expertise": ["loopbaanleren", "professionalisering"],
            "bio": "Onderzoeker naar de professionele ontwikkeling van lerarenopleiders.",
            "region": "Utrecht",
            "directory_listing": "basic",
        },
    ),
    (
        "sanne",
        "Moderators",
        {
            "display_name": "Sanne Mulder",
            "institution": "Pabo Deltastad",
            "role": "institute",
            "partnership": "Samen Opleiden Deltastad",
            "expertise": ["netwerken"],
            "bio": "Coördinator van de themagroep; modereert de bespreekpunten.",
            "region": "Zeeland",
            "directory_listing": "full",
        },
    ),
    (
        "eva",
        "Editors",
        {
            "display_name": "Eva de Boer",
            "institution": "Lerarenopleiding Rijnland",
            "role": "institute",
            "partnership": "Partnerschap Rijnland Opleidt",
            "expertise": ["manifest", "kennisdeling"],
            "bio": "Redacteur van het manifest en de kennisbank.",
            "region": "Zuid-Holland",
            "directory_listing": "basic",
        },
    ),
]


class Command(BaseCommand):
    help = "Build (or bring up to date) the demo site of the Velon themagroep Flexibel Opleiden."

    def handle(self, *args, **options) -> None:
        # The demo's conversations are history: their notifications exist, but nobody is mailed,
        # and the editorial workflow's emails (Wagtail's and knowledge.workflow_emails) that
        # the demo's approved articles would send go nowhere either.
        started = timezone.now()
        no_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
        with no_mail, emails_paused(), transaction.atomic():
            self.build()
        # Notifications are made after the commit; date them with the posts they are about.
        post_date = Subquery(Post.objects.filter(pk=OuterRef("post_id")).values("created_at")[:1])
        Notification.objects.filter(created_at__gte=started, post__isnull=False).update(
            created_at=post_date, updated_at=post_date
        )

    def build(self) -> None:
        for code in ("nl", "en"):
            Locale.objects.get_or_create(language_code=code)
        home = self.ensure_home()
        home_en = ensure_translation(
            home,
            "en",
            title="Flexible teacher education",
            tagline="The Velon theme group on flexible teacher education",
            intro=(
                "<p>Teacher educators from institutes and schools who learn from and with each"
                " other about flexible routes into teaching: discuss the bespreekpunten, meet at"
                " work sessions and study days, and build a shared knowledge base.</p>"
            ),
        )
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        settings.network_name = "Velon Themagroep Flexibel Opleiden"
        settings.contact_email = "themagroep@flexibelopleiden.example"
        settings.footer_text = "Een netwerk van lerarenopleiders binnen Velon."
        settings.save()

        context = DemoContext(home=home, home_en=home_en)
        context.admin = self.ensure_admin()
        for username, group, profile in MEMBERS:
            context.members[username] = self.ensure_member(username, group, profile)

        community_demo.load(context)
        knowledge_demo.load(context)
        events_demo.load(context)
        self.ensure_attendance(context)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write(
            f"Admin: {ADMIN['email']} / {ADMIN['password']} · "
            f"members (e.g. anouk@flexibelopleiden.example) / {MEMBER_PASSWORD}"
        )

    def ensure_home(self) -> HomePage:
        nl = Locale.objects.get(language_code="nl")
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(depth=2, locale=nl).first()
        fields = {
            "title": "Flexibel opleiden",
            "tagline": "De Velon Themagroep Flexibel Opleiden",
            "intro": (
                "<p>Lerarenopleiders uit instituten en scholen die van en met elkaar leren over"
                " flexibele routes naar het leraarschap. Bespreek de bespreekpunten, ontmoet"
                " elkaar op werksessies en studiedagen en bouw mee aan een gedeelde kennisbank.</p>"
            ),
        }
        if home is None:
            # Wagtail's placeholder welcome page makes way for the real home page.
            Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
            root.refresh_from_db()
            home = root.add_child(instance=HomePage(slug="home", locale=nl, **fields))
            home.save_revision().publish()
        elif any(getattr(home, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(home, name, value)
            home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        return home

    def ensure_admin(self):
        admin = ensure_user(
            ADMIN["username"], ADMIN["email"], ADMIN["password"], is_staff=True, is_superuser=True
        )
        self.verify(admin)
        profile = do_create_profile(admin, display_name="Beheerder")
        # The site's own account is no colleague to find.
        do_update_profile(profile, directory_listing="hidden")
        return admin

    def ensure_member(self, username: str, group: str, profile_fields: dict):
        user = ensure_user(username, f"{username}@flexibelopleiden.example", MEMBER_PASSWORD)
        self.verify(user)
        profile = do_create_profile(user, display_name=profile_fields["display_name"])
        do_update_profile(profile, **profile_fields)
        user.groups.add(Group.objects.get(name=group))
        return user

    @staticmethod
    def ensure_attendance(context: DemoContext) -> None:
        """Members checked in at a past work session: the directory lists it as attended."""
        event = EventPage.objects.filter(slug=ATTENDED_EVENT).first()
        if event is None:
            return
        for username in ATTENDED_BY:
            user = context.members[username]
            profile = Profile.objects.get(user_id=user.pk)
            Registration.objects.get_or_create(
                event=event,
                email=user.email,
                defaults={
                    "user": user,
                    "name": profile.display_name,
                    "institution": profile.institution,
                    "status": Registration.Status.CONFIRMED,
                    "email_confirmed_at": event.start,
                    "created_at": event.start,
                    "checked_in_at": event.start,
                },
            )

    @staticmethod
    def verify(user) -> None:
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
