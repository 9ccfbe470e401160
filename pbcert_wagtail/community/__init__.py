"""The community features (practitioners, questions to experts, nominations) and what
they share: a visitor confirms their own address before anything is done for them."""
