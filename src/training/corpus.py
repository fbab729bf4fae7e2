#!/usr/bin/env python3
"""Seeded generator of the demo model's synthetic chat corpus.

Writes conversations as JSON lines ({"kind": ..., "messages": [{"role": ..., "content": ...}, ...]}):
  train.jsonl    the training set
  heldout.jsonl  a fresh sample from the same distribution (another seed), minus any conversation that also
                 occurs in train.jsonl: the held-out loss is measured on it
  eval.jsonl     the quality-bar prompts (one user turn each, with what a good reply must contain); see evaluate.py

The content is deliberately simple and regular (templated English) so that a model of a few million parameters,
trained for an hour on two CPU cores, can learn it well: greetings and small talk, short stories about a topic
the user names, and facts from the public-domain table data/us-states.tsv. Some phrasings are never used in
training (HELDOUT_* below); the evaluation asks with them too, to show how far the model generalizes.

Deterministic for a given seed (Python's random.Random, standard library only).
"""
import argparse
import csv
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def load_states():
    with open(os.path.join(HERE, "data", "us-states.tsv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    assert len(rows) == 50, len(rows)
    return [(r["state"], r["capital"], r["abbreviation"]) for r in rows]


STATES = load_states()

# ---------------------------------------------------------------------------------------------------- phrasings
# The first phrasing of each list is "the trained phrasing" the quality bar asks with.

CAPITAL_QUESTIONS = [
    "What is the capital of {s}?",
    "What's the capital of {s}?",
    "Which city is the capital of {s}?",
    "Tell me the capital of {s}.",
    "What is {s}'s capital?",
    "Name the capital of {s}.",
    "What city is the capital of the state of {s}?",
    "capital of {s}?",
]
HELDOUT_CAPITAL_QUESTIONS = [
    "Do you know the capital of {s}?",
    "Can you tell me what the capital of {s} is?",
]
CAPITAL_ANSWERS = [
    "The capital of {s} is {c}.",
    "The capital of {s} is {c}.",
    "{c} is the capital of {s}.",
    "The capital of {s} is {c}. Its postal abbreviation is {a}.",
    "The capital city of {s} is {c}.",
]
REVERSE_CAPITAL_QUESTIONS = [
    "{c} is the capital of which state?",
    "Which state has {c} as its capital?",
    "What state is {c} the capital of?",
]
REVERSE_CAPITAL_ANSWERS = [
    "{c} is the capital of {s}.",
    "{c} is the capital of the state of {s}.",
]
ABBREVIATION_QUESTIONS = [
    "What is the postal abbreviation for {s}?",
    "What is the abbreviation of {s}?",
    "How do you abbreviate {s}?",
]
ABBREVIATION_ANSWERS = [
    "The postal abbreviation for {s} is {a}.",
    "{s} is abbreviated as {a}.",
]
ABOUT_STATE_QUESTIONS = [
    "Tell me about {s}.",
    "What do you know about {s}?",
    "Tell me something about the state of {s}.",
]
ABOUT_STATE_ANSWERS = [
    "{s} is one of the 50 states of the United States. Its capital is {c}, and its postal abbreviation is {a}.",
    "{s} is a state in the United States. The capital of {s} is {c}.",
]
FOLLOW_UP_CAPITAL = [
    "And what about {s}?",
    "What about {s}?",
    "And {s}?",
]
COUNT_QUESTIONS = [
    "How many states are there in the United States?",
    "How many US states are there?",
    "How many states does the USA have?",
]
COUNT_ANSWERS = [
    "There are 50 states in the United States.",
    "The United States has 50 states.",
]
LIST_QUESTIONS = [
    ("Name a US state.", 1),
    ("Can you name a state in the United States?", 1),
    ("Name three US states.", 3),
    ("Can you name three states?", 3),
    ("List five US states.", 5),
    ("Name five states in the United States.", 5),
]

STORY_REQUESTS = [
    "Tell me a story about {t}.",
    "Tell me a short story about {t}.",
    "Write a story about {t}.",
    "Can you tell me a story about {t}?",
    "Please write a short story about {t}.",
    "A story about {t}, please.",
    "Write a short story about {t}.",
    "story about {t}",
]
HELDOUT_STORY_REQUESTS = [
    "I would love to hear a story about {t}.",
    "Could you make up a story about {t}?",
]
ANY_STORY_REQUESTS = [
    "Tell me a story.",
    "Tell me a short story.",
    "Can you tell me a story?",
    "Write a short story.",
    "I want to hear a story.",
]
ANOTHER_STORY_REQUESTS = [
    "Tell me another story.",
    "Another one, please!",
    "Can you tell me another story?",
]
STORY_PREFACES = [
    "",
    "",
    "Here is a short story about {t}.\n\n",
    "Sure! Here is a story about {t}.\n\n",
    "Here is a story about {t}.\n\n",
    "Of course. ",
]

# ---------------------------------------------------------------------------------------------------- small talk
# (user phrasings, assistant replies); any reply fits any phrasing of the same intent.

SMALL_TALK = {
    "greeting": (
        ["Hello!", "Hi!", "Hi there!", "Hey!", "Hello there.", "Good morning!", "Good afternoon!", "Good evening!",
         "hello", "hi", "Greetings!", "Hey there!"],
        ["Hello! How can I help you today?",
         "Hi! What would you like to talk about?",
         "Hello! I can tell you a short story or answer a question about US state capitals. What would you like?",
         "Hi there! It is nice to meet you. How can I help?",
         "Hello! It is good to see you. Would you like to hear a story?",
         "Hi! I am happy to chat with you. What is on your mind?"]),
    "how_are_you": (
        ["How are you?", "How are you doing?", "How is your day going?", "Hello, how are you?",
         "Hi, how are you doing today?", "How's it going?"],
        ["I am doing well, thank you for asking! How are you?",
         "I am fine, thank you. What can I do for you today?",
         "I am great, thanks! Would you like to hear a story?",
         "I am doing very well. How can I help you today?"]),
    "who": (
        ["Who are you?", "What are you?", "What is your name?", "What's your name?", "Tell me about yourself.",
         "Are you a robot?", "Are you a person?", "Introduce yourself."],
        ["I am the Sluice demo model, a very small language model. I can chat a little, tell short stories, "
         "and name the capital of every US state.",
         "My name is Sluice Demo. I am a tiny language model that ships with the Sluice server. I like to tell "
         "short stories and to answer questions about US state capitals.",
         "I am a small demo model. I was trained in about an hour on a small computer, so I only know a few "
         "things, but I am happy to tell you a story or name a state capital.",
         "I am not a person. I am a tiny language model called Sluice Demo. Ask me for a story or for the "
         "capital of a US state!"]),
    "capabilities": (
        ["What can you do?", "How can you help me?", "What do you know?", "What are you good at?", "help",
         "What can I ask you?"],
        ["I can tell you a short story about an animal, a place, an object or a person, and I can name the "
         "capital of every US state. Just ask!",
         "I am a small model, so I know only a few things: I can tell short stories, answer questions about "
         "US states and their capitals, and chat a little.",
         "You can ask me for a story, for example: Tell me a story about a fox. You can also ask me: What is "
         "the capital of Ohio?"]),
    "thanks": (
        ["Thank you!", "Thanks!", "Thanks a lot.", "Thank you very much.", "That was great, thanks!", "thanks",
         "Thank you, that was nice."],
        ["You are welcome!", "You're welcome! Is there anything else I can do for you?",
         "I am glad I could help.", "You are very welcome. Have a nice day!",
         "My pleasure! Would you like to hear another story?"]),
    "bye": (
        ["Goodbye!", "Bye!", "See you later.", "Good night!", "I have to go now.", "bye"],
        ["Goodbye! Have a wonderful day.", "Bye! It was nice talking with you.", "See you soon! Take care.",
         "Good night! Sleep well."]),
    "feeling_good": (
        ["I am happy today.", "I feel great!", "I had a good day.", "I'm in a good mood.", "Today was a nice day."],
        ["That is wonderful to hear! What made your day so good?",
         "I am glad you feel good. Would you like a story to make it even better?",
         "How lovely! I hope the rest of your day is just as nice."]),
    "feeling_bad": (
        ["I am sad.", "I feel tired.", "I had a bad day.", "I'm bored.", "I feel lonely.", "I am not feeling well."],
        ["I am sorry to hear that. Would you like me to tell you a short story to cheer you up?",
         "That sounds hard. I hope tomorrow is a better day. Maybe a short story would help?",
         "I am sorry. Take a deep breath and rest a little. I am here if you want to talk."]),
    "favorite_color": (
        ["What is your favorite color?", "Do you have a favorite color?", "Which color do you like best?"],
        ["I like blue, like the sky on a sunny day.", "My favorite color is green, like the leaves in spring.",
         "I think yellow is the happiest color."]),
    "favorite_animal": (
        ["What is your favorite animal?", "Do you like animals?", "Which animal do you like best?"],
        ["I like foxes, because they are clever and quick.", "I love owls. They are wise and quiet.",
         "I like all animals, but turtles are my favorite. They are slow and patient."]),
    "favorite_food": (
        ["What is your favorite food?", "Do you like pizza?", "What do you like to eat?"],
        ["I do not eat, because I am a language model. But many people say that warm bread is wonderful.",
         "I cannot eat anything, but I like stories about cakes and cookies."]),
    "joke": (
        ["Tell me a joke.", "Do you know a joke?", "Make me laugh.", "Say something funny."],
        ["Why did the scarecrow win an award? Because he was outstanding in his field!",
         "What do you call a bear with no teeth? A gummy bear!",
         "Why did the bicycle fall over? Because it was two tired!",
         "Why do cows wear bells? Because their horns do not work!",
         "What do you call a sleeping dinosaur? A dino-snore!"]),
    "unknown": (
        ["What is the weather today?", "Can you write code?", "What time is it?", "Solve 2x + 3 = 7.",
         "Translate this into French.", "Who won the game last night?", "What is the price of gold?",
         "Can you book a flight for me?", "Explain quantum physics.", "What is the meaning of life?",
         "Who is the president?", "What is the capital of France?", "How do I cook rice?",
         "Write me a poem about love.", "What is 17 times 23?", "Can you help me with my homework?"],
        ["I am sorry, but I am a very small model and I do not know about that. I can tell you a short story "
         "or name the capital of a US state.",
         "That is a good question, but I do not know the answer. I only know short stories and the capitals "
         "of the US states.",
         "I am afraid I cannot help with that. I am a tiny demo model. Would you like a story instead?"]),
}

# ---------------------------------------------------------------------------------------------------- stories

ANIMALS = ["fox", "rabbit", "bear", "cat", "dog", "owl", "duck", "horse", "mouse", "frog", "lion", "tiger",
           "elephant", "turtle", "whale", "dolphin", "wolf", "deer", "squirrel", "penguin", "goat", "sheep", "cow",
           "pig", "bee", "butterfly", "monkey", "parrot", "hedgehog", "otter", "zebra", "giraffe", "kangaroo",
           "koala", "crab", "snail", "ant", "chicken", "dragon", "unicorn", "puppy", "kitten", "swan", "raccoon",
           "beaver", "camel"]
# (topic as a user names it, phrase for "who lived ...", how the story refers to it, keyword the reply must contain)
PLACES = [
    ("the forest", "in a big forest", "the forest", "forest"),
    ("a forest", "in a deep green forest", "the forest", "forest"),
    ("the sea", "near the sea", "the sea", "sea"),
    ("the ocean", "by the blue ocean", "the ocean", "ocean"),
    ("a village", "in a small village", "the village", "village"),
    ("the city", "in a busy city", "the city", "city"),
    ("a city", "in a big city", "the city", "city"),
    ("the mountains", "high up in the mountains", "the mountains", "mountain"),
    ("a mountain", "on a tall mountain", "the mountain", "mountain"),
    ("the desert", "in a hot desert", "the desert", "desert"),
    ("an island", "on a tiny island", "the island", "island"),
    ("a castle", "in an old castle", "the castle", "castle"),
    ("a library", "in a quiet library", "the library", "library"),
    ("a farm", "on a green farm", "the farm", "farm"),
    ("the river", "by a wide river", "the river", "river"),
    ("a garden", "in a sunny garden", "the garden", "garden"),
    ("the park", "in a big park", "the park", "park"),
    ("a lighthouse", "in a white lighthouse", "the lighthouse", "lighthouse"),
    ("the jungle", "in a thick jungle", "the jungle", "jungle"),
    ("a cave", "in a dark cave", "the cave", "cave"),
    ("the moon", "on the moon", "the moon", "moon"),
    ("the beach", "near a sandy beach", "the beach", "beach"),
    ("a bakery", "in a little bakery", "the bakery", "bakery"),
    ("a school", "in a school by the hill", "the school", "school"),
    ("a lake", "near a quiet lake", "the lake", "lake"),
    ("the snow", "in a land of snow", "the snow", "snow"),
    ("space", "far away in space", "space", "space"),
    ("a zoo", "in a busy zoo", "the zoo", "zoo"),
]
# (noun, adjective used when the story introduces it)
OBJECTS = [("lamp", "glowing"), ("clock", "old"), ("key", "golden"), ("map", "old"), ("box", "wooden"),
           ("hat", "blue"), ("ball", "red"), ("kite", "colorful"), ("book", "dusty"), ("bell", "silver"),
           ("umbrella", "yellow"), ("candle", "tiny"), ("mirror", "round"), ("shell", "pink"), ("feather", "white"),
           ("stone", "shiny"), ("boat", "little"), ("bicycle", "old"), ("teapot", "small"), ("drum", "big"),
           ("robot", "small"), ("balloon", "red"), ("letter", "secret"), ("ring", "golden"), ("spoon", "silver"),
           ("cup", "blue"), ("piano", "old"), ("pencil", "magic"), ("shoe", "lost"), ("crown", "shiny"),
           ("train", "toy"), ("guitar", "old"), ("blanket", "warm"), ("basket", "big"), ("coin", "gold"),
           ("flower", "yellow"), ("cake", "sweet"), ("star", "fallen"), ("sock", "striped"), ("button", "shiny")]
# (name, pronoun, kind)
NAMES = [("Anna", "she", "girl"), ("Ben", "he", "boy"), ("Clara", "she", "girl"), ("David", "he", "boy"),
         ("Emma", "she", "girl"), ("Finn", "he", "boy"), ("Grace", "she", "girl"), ("Henry", "he", "boy"),
         ("Iris", "she", "girl"), ("Jack", "he", "boy"), ("Kate", "she", "girl"), ("Leo", "he", "boy"),
         ("Maya", "she", "girl"), ("Noah", "he", "boy"), ("Olivia", "she", "girl"), ("Paul", "he", "boy"),
         ("Rosa", "she", "girl"), ("Sam", "he", "boy"), ("Tom", "he", "boy"), ("Zoe", "she", "girl"),
         ("Lily", "she", "girl"), ("Max", "he", "boy"), ("Nina", "she", "girl"), ("Oscar", "he", "boy"),
         ("Ruby", "she", "girl"), ("Hugo", "he", "boy"), ("Ella", "she", "girl"), ("Omar", "he", "boy"),
         ("Yuki", "she", "girl"), ("Priya", "she", "girl"), ("Lucas", "he", "boy"), ("Sofia", "she", "girl"),
         ("Mr. Brown", "he", "man"), ("Grandma Rose", "she", "woman")]

HERO_ADJECTIVES = ["little", "brave", "curious", "kind", "clever", "happy", "shy", "young", "old", "gentle",
                   "friendly", "small", "quiet", "funny", "busy", "sleepy", "cheerful"]
ACTIVITIES = ["play in the grass", "look at the stars", "sing songs", "read books", "run in the fields",
              "paint pictures", "climb trees", "swim in the pond", "dance in the rain", "watch the clouds",
              "collect shiny stones", "bake bread", "build little houses from sticks", "tell jokes", "fly kites",
              "pick flowers", "explore new paths", "listen to the wind", "count the birds", "draw maps"]
TIMES = ["morning", "evening", "afternoon", "day", "night", "spring morning", "summer day"]
TRAITS = ["very curious", "always kind", "a little shy", "very brave", "always cheerful", "very clever"]
PLACE_FEATURES = {
    "forest": "tall trees and soft green moss", "sea": "blue waves and white sand", "ocean": "big waves and "
    "bright fish", "village": "small houses and a busy square", "city": "tall buildings and busy streets",
    "mountain": "snowy peaks and cold clear streams", "desert": "golden sand and a bright hot sun",
    "island": "palm trees and warm sand", "castle": "high towers and long halls", "library": "many shelves full "
    "of books", "farm": "red barns and wide fields", "river": "cool water and smooth stones", "garden": "bright "
    "flowers and humming bees", "park": "green grass and tall old trees", "lighthouse": "a bright light and a "
    "winding staircase", "jungle": "huge leaves and loud birds", "cave": "cool rocks and quiet echoes", "moon":
    "grey dust and deep craters", "beach": "soft sand and shiny shells", "bakery": "warm bread and sweet cakes",
    "school": "big windows and friendly teachers", "lake": "still water and tall reeds", "snow": "white hills and "
    "frozen ponds", "space": "bright stars and quiet planets", "zoo": "many animals and happy visitors"}
PLACE_ADJECTIVES = ["quiet", "beautiful", "peaceful", "wonderful", "bright", "lovely", "magical"]
# (how the story introduces the friend, how it refers to it later, object pronoun)
FRIENDS = [("a lost puppy", "the puppy", "it"), ("an old turtle", "the turtle", "it"),
           ("a little bird", "the bird", "it"), ("a sad bear", "the bear", "it"),
           ("a kind farmer", "the farmer", "him"), ("a small girl", "the girl", "her"),
           ("a tiny mouse", "the mouse", "it"), ("a friendly dragon", "the dragon", "it"),
           ("a young deer", "the deer", "it"), ("an old man", "the old man", "him"),
           ("a baby duck", "the duck", "it"), ("a little boy", "the boy", "him")]
# (problem, how the hero helped: takes the object pronoun)
TROUBLES = [("lost and could not find the way home", "showed {o} the way home"),
            ("hungry and cold", "shared some warm food with {o}"),
            ("lonely because nobody played with {o}", "played with {o} all afternoon"),
            ("scared of the dark", "held a little light so that {o} felt safe"),
            ("stuck behind a big rock", "pushed the rock away and set {o} free"),
            ("sad because it was raining", "told {o} funny stories until the rain stopped")]
ITEM_EVENTS = [
    "When {h} touched the {i}, it began to glow softly.",
    "The {i} was magic, and it could grant one wish.",
    "Inside the {i}, there was a tiny note that said: Be kind to everyone.",
    "The {i} started to sing a sweet little song.",
    "The {i} was the most beautiful thing {h} had ever seen.",
]
ITEM_FOLLOW = [
    "{P} wished for a true friend, and the {i} made the wish come true.",
    "{P} showed the {i} to all of {pos} friends, and they all smiled.",
    "{P} took the {i} home and kept it safe.",
    "{P} decided to find out who had lost the {i}, and returned it to its owner.",
    "{P} shared the {i} with everyone, and the whole day became brighter.",
]
TOGETHER = ["they became best friends", "they played together until the sun went down",
            "they walked home side by side", "they laughed and sang songs all evening"]
LESSONS = ["being kind is the best thing of all", "friends make every day brighter",
           "a little courage goes a long way", "sharing makes everyone happy", "helping others feels wonderful"]
ENDINGS_WITH_PLACE = ["{H} lived happily in {pl} for many years.", "{H} never wanted to leave {pl}.",
                      "Every day after that, {h} went for a walk in {pl} and smiled."]
ENDINGS = ["From that day on, {h} was never lonely again.", "And that is how {h} learned that {lesson}.",
           "{H} was very happy, and {p} never forgot that day.", "The end.",
           "From that day on, {h} always remembered that {lesson}."]


def article(word):
    return ("an " if word[0].lower() in "aeiou" else "a ") + word


def cap(text):
    return text[0].upper() + text[1:]


class Hero:
    def __init__(self, intro, ref, pronoun):
        self.intro, self.ref, self.pronoun = intro, ref, pronoun
        self.possessive = {"he": "his", "she": "her", "it": "its"}[pronoun]


class Generator:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, seq):
        return self.r.choice(seq)

    # ---------- stories
    def animal_hero(self, noun=None):
        noun = noun or self.pick(ANIMALS)
        return Hero(article(self.pick(HERO_ADJECTIVES) + " " + noun), "the " + noun,
                    self.pick(["he", "she", "it"]))

    def name_hero(self, entry=None):
        name, pronoun, kind = entry or self.pick(NAMES)
        if kind in ("girl", "boy"):
            intro = article(self.pick(HERO_ADJECTIVES) + " " + kind) + " named " + name
        else:
            intro = name
        return Hero(intro, name, pronoun)

    def story(self, topic_kind=None, topic=None):
        """A short story; topic_kind is animal, name, place or object (random when None). A named topic appears
        in the first sentence and again later, so the model learns to take it from the request right away."""
        topic_kind = topic_kind or self.pick(["animal", "name", "place", "object", "none"])
        if topic_kind == "animal":
            hero = self.animal_hero(topic)
        elif topic_kind == "name":
            hero = self.name_hero(topic)
        else:
            hero = self.animal_hero() if self.r.random() < 0.5 else self.name_hero()
        place = topic if topic_kind == "place" and topic else self.pick(PLACES)
        item = topic if topic_kind == "object" and topic else self.pick(OBJECTS)
        h, H, p, P = hero.ref, cap(hero.ref), hero.pronoun, cap(hero.pronoun)
        noun, adjective = item
        verb = " were " if place[2].endswith("s") else " was "  # "the mountains were"
        description = cap(place[2]) + verb + self.pick(PLACE_ADJECTIVES) + ", with " + PLACE_FEATURES[place[3]] + "."
        sentences = []
        if topic_kind == "place" and self.r.random() < 0.5:
            sentences.append(cap(place[2]) + verb + "a " + self.pick(PLACE_ADJECTIVES) + " place, with "
                             + PLACE_FEATURES[place[3]] + ".")
            sentences.append("There lived " + hero.intro + ".")
        elif topic_kind == "object":
            sentences.append(self.pick([
                "Once upon a time, there was {intro} who had {item}.",
                "Long ago, {where}, there lived {intro} who had {item}.",
                "There once was {intro} who lived {where} and had {item}.",
            ]).format(intro=hero.intro, where=place[1], item=article(adjective + " " + noun)))
            sentences.append(self.pick([
                H + " loved the " + noun + " more than anything.",
                H + " took the " + noun + " everywhere.",
                "Every " + self.pick(TIMES) + ", " + h + " played with the " + noun + ".",
            ]))
        else:
            opening = self.pick([
                "Once upon a time, there was {intro} who lived {where}.",
                "Long ago, {where}, there lived {intro}.",
                "There once was {intro} who lived {where}.",
                "Once upon a time, {where}, there lived {intro}.",
            ])
            sentences.append(cap(opening.format(intro=hero.intro, where=place[1])))
            if topic_kind == "place" or self.r.random() < 0.3:
                sentences.append(description)
        if topic_kind != "object":
            sentences.append(self.pick([
                "Every " + self.pick(TIMES) + ", " + h + " liked to " + self.pick(ACTIVITIES) + ".",
                H + " loved to " + self.pick(ACTIVITIES) + " more than anything.",
                H + " was " + self.pick(TRAITS) + ", and " + p + " liked to " + self.pick(ACTIVITIES) + ".",
            ]))
        plot = self.pick(["lost", "magic"]) if topic_kind == "object" else self.pick(["item", "friend", "friend"])
        if plot == "lost":
            sentences.append("One day, the " + noun + " was gone!")
            sentences.append(H + " looked " + self.pick(["under the bed", "behind every door", "in the garden",
                                                         "all over the house"]) + ", but "
                             + p + " could not find it.")
            sentences.append("At last, " + h + " found the " + noun + " "
                             + self.pick(["under a tree", "near the path", "in the grass", "by the water",
                                          "in an old box"]) + ", and " + p + " was very happy.")
        elif plot == "magic":
            sentences.append(self.pick(ITEM_EVENTS).format(h=h, i=noun))
            sentences.append(self.pick(ITEM_FOLLOW).format(P=P, i=noun, pos=hero.possessive))
        elif plot == "item":
            sentences.append("One day, " + h + " found " + article(adjective + " " + noun) + " "
                             + self.pick(["under a tree", "near the path", "on the ground", "behind a door",
                                          "in the grass", "by the water"]) + ".")
            sentences.append(self.pick(ITEM_EVENTS).format(h=h, i=noun))
            sentences.append(self.pick(ITEM_FOLLOW).format(P=P, i=noun, pos=hero.possessive))
        else:
            intro, ref, obj = self.pick(FRIENDS)
            trouble, help_ = self.pick(TROUBLES)
            sentences.append("One " + self.pick(TIMES) + ", " + h + " met " + intro + ".")
            sentences.append(cap(ref) + " was " + trouble.format(o=obj) + ".")
            sentences.append(H + " " + help_.format(o=obj) + ".")
            sentences.append("After that, " + self.pick(TOGETHER) + ".")
        if topic_kind == "place" or self.r.random() < 0.25:
            sentences.append(self.pick(ENDINGS_WITH_PLACE).format(H=H, h=h, pl=place[2]))
        elif topic_kind == "object":
            sentences.append(self.pick(["From that day on, {h} kept the {i} close.",
                                        "{H} and the {i} stayed together for many years.",
                                        "{H} never forgot the day of the {i}."]).format(H=H, h=h, i=noun))
        else:
            sentences.append(self.pick(ENDINGS).format(H=H, h=h, p=p, lesson=self.pick(LESSONS)))
        return " ".join(sentences)

    def story_topic(self):
        """A topic a user may name: (kind, value for story(), text in the request, keyword a reply must contain)."""
        kind = self.pick(["animal", "name", "place", "object"])
        if kind == "animal":
            noun = self.pick(ANIMALS)
            return kind, noun, article(noun), noun
        if kind == "name":
            entry = self.pick(NAMES)
            return kind, entry, entry[0], entry[0]
        if kind == "place":
            place = self.pick(PLACES)
            return kind, place, place[0], place[3]
        obj = self.pick(OBJECTS)
        return kind, obj, article(obj[0]), obj[0]

    def story_exchange(self, requests=STORY_REQUESTS):
        kind, value, text, _ = self.story_topic()
        request = self.pick(requests).format(t=text)
        preface = self.pick(STORY_PREFACES).format(t=text)
        return request, preface + self.story(kind, value)

    # ---------- facts
    def capital_exchange(self, questions=CAPITAL_QUESTIONS):
        s, c, a = self.pick(STATES)
        return self.pick(questions).format(s=s), self.pick(CAPITAL_ANSWERS).format(s=s, c=c, a=a)

    def fact_exchange(self):
        s, c, a = self.pick(STATES)
        kind = self.pick(["reverse", "reverse", "abbreviation", "about", "count", "list"])
        if kind == "reverse":
            return (self.pick(REVERSE_CAPITAL_QUESTIONS).format(s=s, c=c),
                    self.pick(REVERSE_CAPITAL_ANSWERS).format(s=s, c=c))
        if kind == "abbreviation":
            return (self.pick(ABBREVIATION_QUESTIONS).format(s=s),
                    self.pick(ABBREVIATION_ANSWERS).format(s=s, a=a))
        if kind == "about":
            return (self.pick(ABOUT_STATE_QUESTIONS).format(s=s),
                    self.pick(ABOUT_STATE_ANSWERS).format(s=s, c=c, a=a))
        if kind == "count":
            return self.pick(COUNT_QUESTIONS), self.pick(COUNT_ANSWERS)
        question, n = self.pick(LIST_QUESTIONS)
        names = [row[0] for row in self.r.sample(STATES, n)]
        if n == 1:
            answer = self.pick(["{0} is a US state.", "Here is one: {0}.", "Sure: {0}."]).format(names[0])
        else:
            answer = "Sure! " + ", ".join(names[:-1]) + " and " + names[-1] + " are US states."
        return question, answer

    def small_talk_exchange(self, intent=None):
        intent = intent or self.pick(list(SMALL_TALK))
        users, replies = SMALL_TALK[intent]
        return self.pick(users), self.pick(replies)

    # ---------- conversations
    def first_exchange(self):
        x = self.r.random()
        if x < 0.41:
            return "story", self.story_exchange()
        if x < 0.45:
            return "story", (self.pick(ANY_STORY_REQUESTS), self.story())
        if x < 0.70:
            return "capital", self.capital_exchange()
        if x < 0.80:
            return "fact", self.fact_exchange()
        return "talk", self.small_talk_exchange()

    def conversation(self):
        messages = []
        x = self.r.random()
        if x < 0.15:
            messages.append({"role": "system", "content": "You are a helpful assistant."})
        elif x < 0.22:
            messages.append({"role": "system", "content": self.pick([
                "You are Sluice Demo, a small and friendly assistant.", "You are a friendly assistant.",
                "Answer briefly.", "You are a helpful assistant who tells short stories."])})
        turns = 1 + (self.r.random() < 0.25) + (self.r.random() < 0.08) + 2 * (self.r.random() < 0.02)
        kinds = []
        if turns > 1 and self.r.random() < 0.5:
            kind, (u, a) = "talk", self.small_talk_exchange(self.pick(["greeting", "how_are_you", "who"]))
        else:
            kind, (u, a) = self.first_exchange()
        messages += [{"role": "user", "content": u}, {"role": "assistant", "content": a}]
        kinds.append(kind)
        for _ in range(turns - 1):
            x = self.r.random()
            if kinds[-1] == "capital" and x < 0.5:
                s, c, a_ = self.pick(STATES)
                u, a = self.pick(FOLLOW_UP_CAPITAL).format(s=s), self.pick(CAPITAL_ANSWERS).format(s=s, c=c, a=a_)
                kind = "capital"
            elif kinds[-1] == "story" and x < 0.4:
                u, a, kind = self.pick(ANOTHER_STORY_REQUESTS), self.story(), "story"
            elif x < 0.3:
                kind, (u, a) = "talk", self.small_talk_exchange(self.pick(["thanks", "thanks", "bye"]))
            else:
                kind, (u, a) = self.first_exchange()
            messages += [{"role": "user", "content": u}, {"role": "assistant", "content": a}]
            kinds.append(kind)
        return {"kind": "+".join(kinds), "messages": messages}


def eval_prompts():
    """The quality-bar prompts: every state and every story topic, in the trained and the held-out phrasings."""
    prompts = []

    def add(set_name, user, expect, topic=None):
        prompts.append({"set": set_name, "messages": [{"role": "user", "content": user}], "expect": expect,
                        "topic": topic})

    for s, c, _ in STATES:
        add("capital", CAPITAL_QUESTIONS[0].format(s=s), [c], s)
        add("capital-heldout-phrasing", HELDOUT_CAPITAL_QUESTIONS[0].format(s=s), [c], s)
    topics = [("animal", article(n), n) for n in ANIMALS] + [("name", n[0], n[0]) for n in NAMES] \
        + [("place", p[0], p[3]) for p in PLACES] + [("object", article(o[0]), o[0]) for o in OBJECTS]
    for _, text, keyword in topics:
        add("story", STORY_REQUESTS[0].format(t=text), [keyword], text)
        add("story-heldout-phrasing", HELDOUT_STORY_REQUESTS[0].format(t=text), [keyword], text)
    for user in ["Hello! Who are you?", "Tell me a story about a dragon.", "What is the capital of Texas?",
                 "Tell me a story about Anna.", "What can you do?", "Which city is the capital of Oregon?"]:
        add("sample", user, [])
    return prompts


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--train", type=int, default=60000, help="training conversations")
    ap.add_argument("--heldout", type=int, default=2000, help="held-out conversations (before removing repeats)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    def write(name, rows):
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")

    gen = Generator(args.seed)
    train = [gen.conversation() for _ in range(args.train)]
    seen = {json.dumps(c["messages"]) for c in train}
    heldout_gen = Generator(args.seed + 1)
    heldout = [c for c in (heldout_gen.conversation() for _ in range(args.heldout))
               if json.dumps(c["messages"]) not in seen]
    write("train.jsonl", train)
    write("heldout.jsonl", heldout)
    write("eval.jsonl", eval_prompts())
    chars = sum(len(m["content"]) for c in train for m in c["messages"])
    print(f"corpus: {len(train)} training conversations ({chars / 1e6:.1f}M characters of content), "
          f"{len(heldout)} held-out, {len(eval_prompts())} evaluation prompts -> {args.out}")


if __name__ == "__main__":
    main()
