from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from shared_apps.identity.api.permissions import HasCapability

from .. import selectors, services
from .serializers import PostInputSerializer, PostSerializer, PublicPostSerializer


class PostViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Staff management of news and notices, drafts included."""

    serializer_class = PostSerializer
    permission_classes = [HasCapability]
    required_capability = "portal.manage_posts"
    capability_map = {"publish": "portal.publish_posts", "unpublish": "portal.publish_posts"}
    filterset_fields = ["kind", "status"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.staff_posts()

    def _save(self, request, post=None, partial=False):
        data = PostInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = {
            "title": post.title if post else "", "body": post.body if post else "",
            "kind": post.kind if post else "news", "summary": post.summary if post else "",
        }
        values.update({k: v for k, v in data.validated_data.items() if k != "cover"})
        return services.save_post(
            post=post, cover=data.validated_data.get("cover"), author_id=request.user.pk, **values
        )

    @extend_schema(request=PostInputSerializer, responses={201: PostSerializer})
    def create(self, request, *args, **kwargs):
        post = self._save(request)
        return Response(PostSerializer(post, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PostInputSerializer, responses=PostSerializer)
    def update(self, request, *args, **kwargs):
        post = self._save(request, self.get_object(), partial=kwargs.get("partial", False))
        return Response(PostSerializer(post, context={"request": request}).data)

    @extend_schema(request=None, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        post = services.publish_post(self.get_object())
        return Response(PostSerializer(post, context={"request": request}).data)

    @extend_schema(request=None, responses=PostSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        post = services.unpublish_post(self.get_object())
        return Response(PostSerializer(post, context={"request": request}).data)


class PublicPostViewSet(viewsets.ReadOnlyModelViewSet):
    """Published news and notices of this congress, for anyone."""

    serializer_class = PublicPostSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    filterset_fields = ["kind"]

    def get_queryset(self):
        return selectors.public_posts()
