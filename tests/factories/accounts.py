import factory

from hub.accounts.models import Membership, SellerAccount, User
from hub.accounts.roles import Role

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class SellerAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SellerAccount

    name = factory.Sequence(lambda n: f"Seller {n}")
    base_currency = "USD"
    source_locale = "en_US"
    timezone = "UTC"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    account = factory.SubFactory(SellerAccountFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.OWNER
    locales = factory.LazyAttribute(lambda m: ["de_DE"] if m.role == Role.TRANSLATOR else [])
